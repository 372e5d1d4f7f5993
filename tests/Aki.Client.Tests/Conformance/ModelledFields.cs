using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Aki.Client.Tests.Conformance;

/// <summary>
/// Finds fields the SDK models that a round trip lost or changed. Only what the records model is compared:
/// objects with extension data (the message, its usage) compare every field, content blocks only their modelled
/// ones, unknown blocks and opaque values (tool input, citations) exactly. JSON null and an absent field are equal,
/// and fields the SDK adds (such as a default <c>type</c>) are allowed.
/// </summary>
internal abstract class ModelledFields
{
    private static readonly ModelledFields s_exact = new Exact();
    private static readonly ModelledFields s_content = new Content();

    public static ModelledFields Message { get; } = new Record(open: true, new()
    {
        ["content"] = new List(new Block()),
        ["usage"] = new Record(open: true, new()
        {
            ["cache_creation"] = Closed("ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"),
        }),
    });

    private static readonly Dictionary<string, ModelledFields> s_blocks = new()
    {
        ["text"] = Closed("type", "text", "citations"),
        ["image"] = new Record(open: false, new() { ["type"] = s_exact, ["source"] = Closed("type", "media_type", "data", "url") }),
        ["document"] = new Record(open: false, new()
        {
            ["type"] = s_exact,
            ["title"] = s_exact,
            ["context"] = s_exact,
            ["citations"] = Closed("enabled"),
            ["source"] = new Record(open: false, new() { ["type"] = s_exact, ["media_type"] = s_exact, ["data"] = s_exact, ["url"] = s_exact, ["content"] = s_content }),
        }),
        ["tool_use"] = Closed("type", "id", "name", "input"),
        ["tool_result"] = new Record(open: false, new() { ["type"] = s_exact, ["tool_use_id"] = s_exact, ["is_error"] = s_exact, ["content"] = s_content }),
        ["thinking"] = Closed("type", "thinking", "signature"),
        ["redacted_thinking"] = Closed("type", "data"),
    };

    /// <summary>Paths of modelled fields whose value differs between the original and the re-serialized JSON.</summary>
    public List<string> FindLost(JsonNode? original, JsonNode? reserialized)
    {
        var lost = new List<string>();
        Compare(original, reserialized, "$", lost);
        return lost;
    }

    protected abstract void Compare(JsonNode? original, JsonNode? reserialized, string path, List<string> lost);

    private static Record Closed(params string[] names)
    {
        var fields = new Dictionary<string, ModelledFields>();
        foreach (string name in names)
        {
            fields[name] = s_exact;
        }

        return new Record(open: false, fields);
    }

    private sealed class Exact : ModelledFields
    {
        protected override void Compare(JsonNode? original, JsonNode? reserialized, string path, List<string> lost)
        {
            if (!JsonNode.DeepEquals(original, reserialized))
            {
                lost.Add($"{path}: was {original?.ToJsonString() ?? "null"}, became {reserialized?.ToJsonString() ?? "absent"}");
            }
        }
    }

    private sealed class Record(bool open, Dictionary<string, ModelledFields> fields) : ModelledFields
    {
        protected override void Compare(JsonNode? original, JsonNode? reserialized, string path, List<string> lost)
        {
            if (original is not JsonObject originalObject)
            {
                s_exact.Compare(original, reserialized, path, lost);
                return;
            }

            if (reserialized is not JsonObject reserializedObject)
            {
                lost.Add($"{path}: was an object, became {reserialized?.ToJsonString() ?? "absent"}");
                return;
            }

            foreach (KeyValuePair<string, JsonNode?> field in originalObject)
            {
                if (fields.TryGetValue(field.Key, out ModelledFields? shape))
                {
                    shape.Compare(field.Value, reserializedObject[field.Key], $"{path}.{field.Key}", lost);
                }
                else if (open)
                {
                    s_exact.Compare(field.Value, reserializedObject[field.Key], $"{path}.{field.Key}", lost);
                }
            }
        }
    }

    private sealed class List(ModelledFields item) : ModelledFields
    {
        protected override void Compare(JsonNode? original, JsonNode? reserialized, string path, List<string> lost)
        {
            if (original is not JsonArray originalArray)
            {
                s_exact.Compare(original, reserialized, path, lost);
                return;
            }

            if (reserialized is not JsonArray reserializedArray || reserializedArray.Count != originalArray.Count)
            {
                lost.Add($"{path}: had {originalArray.Count} items, became {reserialized?.ToJsonString() ?? "absent"}");
                return;
            }

            for (int i = 0; i < originalArray.Count; i++)
            {
                item.Compare(originalArray[i], reserializedArray[i], $"{path}[{i}]", lost);
            }
        }
    }

    private sealed class Block : ModelledFields
    {
        protected override void Compare(JsonNode? original, JsonNode? reserialized, string path, List<string> lost)
        {
            string? type = (original as JsonObject)?["type"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
            ModelledFields shape = type is not null && s_blocks.TryGetValue(type, out ModelledFields? known) ? known : s_exact;
            shape.Compare(original, reserialized, path, lost);
        }
    }

    /// <summary>A string, or a list of blocks.</summary>
    private sealed class Content : ModelledFields
    {
        protected override void Compare(JsonNode? original, JsonNode? reserialized, string path, List<string> lost) =>
            (original is JsonArray ? new List(new Block()) : s_exact).Compare(original, reserialized, path, lost);
    }
}
