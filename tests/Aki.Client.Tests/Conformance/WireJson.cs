using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Aki.Client.Tests.Conformance;

/// <summary>
/// Semantic JSON comparison for round trips: property order, whitespace and number spelling do not count, and a
/// property whose value is null equals an absent one (the API writes <c>"stop_sequence": null</c> where open-model
/// servers leave the key out). Nothing else may differ, except the defaults listed in <see cref="Defaults"/> that
/// the SDK fills in on objects that lack them.
/// </summary>
internal static class WireJson
{
    /// <summary>What the written side may add: a message always has its type and role, a message delta its delta.</summary>
    public enum Defaults
    {
        None,
        Message,
        Event,
    }

    public static JsonNode Parse(byte[] utf8) => JsonNode.Parse(utf8) ?? throw new XunitException("The JSON is null.");

    public static JsonNode Parse(string text) => JsonNode.Parse(text) ?? throw new XunitException("The JSON is null.");

    /// <summary>Null when equal; otherwise the first difference, with its path.</summary>
    public static string? Difference(JsonNode original, JsonNode written, Defaults defaults = Defaults.None)
    {
        JsonNode expected = Normalize(original)!;
        JsonNode actual = Normalize(written)!;
        switch (defaults)
        {
            case Defaults.Message:
                DropAddedMessageDefaults(expected as JsonObject, actual as JsonObject);
                break;
            case Defaults.Event when expected is JsonObject e && actual is JsonObject a:
                DropAddedMessageDefaults(e["message"] as JsonObject, a["message"] as JsonObject);
                if (e["type"]?.GetValue<string>() == "message_delta" && !e.ContainsKey("delta") && a["delta"] is JsonObject { Count: 0 })
                {
                    a.Remove("delta");
                }

                break;
        }

        return Find(expected, actual, "$");
    }

    public static void Equivalent(JsonNode original, JsonNode written, string what, Defaults defaults = Defaults.None)
    {
        if (Difference(original, written, defaults) is { } difference)
        {
            throw new XunitException($"{what} changed in the round trip: {difference}");
        }
    }

    /// <summary>A copy without null-valued properties, at any depth.</summary>
    public static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Normalize).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static void DropAddedMessageDefaults(JsonObject? original, JsonObject? written)
    {
        if (original is null || written is null)
        {
            return;
        }

        foreach ((string name, string value) in new[] { ("type", "message"), ("role", "assistant") })
        {
            if (!original.ContainsKey(name) && written[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == value)
            {
                written.Remove(name);
            }
        }
    }

    private static string? Find(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject e when actual is JsonObject a:
                foreach (KeyValuePair<string, JsonNode?> p in e)
                {
                    if (!a.ContainsKey(p.Key))
                    {
                        return $"{path}.{p.Key} was dropped (was {p.Value?.ToJsonString()})";
                    }

                    if (Find(p.Value, a[p.Key], $"{path}.{p.Key}") is { } inner)
                    {
                        return inner;
                    }
                }

                string? added = a.Select(p => p.Key).FirstOrDefault(k => !e.ContainsKey(k));
                return added is null ? null : $"{path}.{added} was added ({a[added]?.ToJsonString()})";
            case JsonArray e when actual is JsonArray a:
                if (e.Count != a.Count)
                {
                    return $"{path} had {e.Count} items, now {a.Count}";
                }

                for (int i = 0; i < e.Count; i++)
                {
                    if (Find(e[i], a[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(expected, actual) ? null : $"{path} was {expected?.ToJsonString() ?? "null"}, now {actual?.ToJsonString() ?? "absent"}";
        }
    }
}

/// <summary>The request bodies of the shared corpus: <c>*.request.json</c>, and the bodies of recorded <c>/v1/messages</c> exchanges.</summary>
internal static class RequestCorpus
{
    public static List<(string Name, string Body)> Find(string directory)
    {
        var requests = new List<(string, string)>();
        foreach (string path in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = Path.GetRelativePath(directory, path).Replace('\\', '/');
            string text = File.ReadAllText(path);
            if (name.EndsWith(".request.json", StringComparison.Ordinal))
            {
                requests.Add((name, text));
                continue;
            }

            if (JsonNode.Parse(text) is JsonArray exchanges && exchanges.All(e => e is JsonObject o && o.ContainsKey("body") && o.ContainsKey("path")))
            {
                for (int i = 0; i < exchanges.Count; i++)
                {
                    if (exchanges[i]!["path"]!.GetValue<string>().Contains("/v1/messages", StringComparison.Ordinal) && exchanges[i]!["body"] is JsonObject body)
                    {
                        requests.Add(($"{name}#{i}", body.ToJsonString()));
                    }
                }
            }
        }

        return requests;
    }
}

/// <summary>The streams of a folder: <c>*.sse</c>, and the PHP suite's raw HTTP captures (<c>*.txt</c> with a head).</summary>
internal static class StreamCorpus
{
    public static List<(string Name, byte[] Body)> Find(string directory)
    {
        var streams = new List<(string, byte[])>();
        foreach (string path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = Path.GetRelativePath(directory, path).Replace('\\', '/');
            if (name.StartsWith("parser-vectors/", StringComparison.Ordinal) || !(name.EndsWith(".sse", StringComparison.Ordinal) || name.EndsWith(".txt", StringComparison.Ordinal)))
            {
                continue;
            }

            byte[] raw = File.ReadAllBytes(path);
            if (raw.AsSpan().StartsWith("HTTP/"u8))
            {
                int headEnd = raw.AsSpan().IndexOf("\n\n"u8);
                raw = raw[(headEnd + 2)..];
            }

            streams.Add((name, raw));
        }

        return streams;
    }

    /// <summary>The frames as an independent SSE parser (System.Net.ServerSentEvents) reads them, without <c>[DONE]</c>.</summary>
    /// <remarks>
    /// A body whose last event has no closing blank line gets one first: the SDK dispatches such an event (it needs
    /// <c>message_stop</c> to tell a complete stream from a cut one), where the WHATWG parser drops it.
    /// </remarks>
    public static List<(string Name, string Data)> Frames(byte[] body) =>
        System.Net.ServerSentEvents.SseParser.Create(new MemoryStream([.. body, .. "\n\n"u8.ToArray()], writable: false), static (_, data) => Encoding.UTF8.GetString(data))
            .Enumerate()
            .Where(item => item.Data.Trim() != "[DONE]")
            .Select(item => (item.EventType, item.Data))
            .ToList();
}
