using System.Text.Json;
using System.Text.Json.Nodes;
using Aki.Client.Serialization;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// A message as JSON, written with the SDK's own serializer so that comparisons see exactly what the SDK would send.
/// A tool call whose arguments were cut off cannot be serialized (the SDK refuses to send it back), so it appears as
/// <c>{"type":"tool_use","id","name","incomplete_input_json"}</c>.
/// </summary>
internal static class MessageSnapshot
{
    public static JsonObject Of(Message message)
    {
        JsonObject json = JsonSerializer.SerializeToNode(message with { Content = [] }, AkiJsonContext.Default.Message)!.AsObject();
        var content = new JsonArray();
        foreach (ContentBlock block in message.Content)
        {
            content.Add(block is ToolUseBlock { IsInputIncomplete: true } cut
                ? new JsonObject
                {
                    ["type"] = "tool_use",
                    ["id"] = cut.Id,
                    ["name"] = cut.Name,
                    ["incomplete_input_json"] = cut.IncompleteInputJson,
                }
                : JsonSerializer.SerializeToNode([block], AkiJsonContext.Default.IReadOnlyListContentBlock)![0]!.DeepClone());
        }

        json["content"] = content;
        return json;
    }

    public static string Text(Message message) => Of(message).ToJsonString();
}

/// <summary>
/// The fixtures README's "deep subset" rule: every key of the expected object is present in the actual one and equal,
/// recursively; arrays match element-wise with the same length; an expected null matches null, an absent key or a
/// zero value (0, false, empty string).
/// </summary>
internal static class JsonSubset
{
    public static void AssertDeepSubset(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (expected is null)
        {
            Assert.True(IsNullOrZero(actual), $"{path}: expected null (or absent, or zero) but found {actual?.ToJsonString()}");
            return;
        }

        switch (expected)
        {
            case JsonObject expectedObject:
                JsonObject actualObject = Assert.IsType<JsonObject>(actual, exactMatch: false);
                foreach (KeyValuePair<string, JsonNode?> property in expectedObject)
                {
                    string child = path + "." + property.Key;
                    if (!actualObject.TryGetPropertyValue(property.Key, out JsonNode? value))
                    {
                        Assert.True(property.Value is null, $"{child}: missing; expected {property.Value?.ToJsonString()}");
                        continue;
                    }

                    AssertDeepSubset(property.Value, value, child);
                }

                break;
            case JsonArray expectedArray:
                JsonArray actualArray = Assert.IsType<JsonArray>(actual, exactMatch: false);
                Assert.True(expectedArray.Count == actualArray.Count, $"{path}: expected {expectedArray.Count} elements, found {actualArray.Count}: {actualArray.ToJsonString()}");
                for (int i = 0; i < expectedArray.Count; i++)
                {
                    AssertDeepSubset(expectedArray[i], actualArray[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(actual is JsonValue, $"{path}: expected {expected.ToJsonString()} but found {actual?.ToJsonString() ?? "nothing"}");
                Assert.True(ValuesEqual(expected.AsValue(), actual!.AsValue()), $"{path}: expected {expected.ToJsonString()} but found {actual.ToJsonString()}");
                break;
        }
    }

    private static bool IsNullOrZero(JsonNode? node)
    {
        if (node is null)
        {
            return true;
        }

        if (node is not JsonValue value)
        {
            return false;
        }

        JsonElement element = Element(value);
        return element.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.False => true,
            JsonValueKind.Number => element.GetDecimal() == 0,
            JsonValueKind.String => element.GetString()!.Length == 0,
            _ => false,
        };
    }

    private static bool ValuesEqual(JsonValue expected, JsonValue actual)
    {
        JsonElement e = Element(expected);
        JsonElement a = Element(actual);
        return (e.ValueKind, a.ValueKind) switch
        {
            (JsonValueKind.Number, JsonValueKind.Number) => e.GetDecimal() == a.GetDecimal(),
            (JsonValueKind.String, JsonValueKind.String) => e.GetString() == a.GetString(),
            _ => e.ValueKind == a.ValueKind,
        };
    }

    private static JsonElement Element(JsonNode node)
    {
        using JsonDocument document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
