using System.Text.Json.Nodes;
using Aki.Client.Tests.Conformance;

namespace Aki.Client.Tests.Serialization;

/// <summary>
/// The project's kitchen-sink fixtures (Fixtures/Lossless: a request, a response and a stream using every record the
/// SDK has) as JSON documents, each with the round trip through <see cref="AkiJson"/> that reads and rewrites it.
/// </summary>
internal sealed record LosslessDocument(string Name, JsonNode Json, Func<JsonNode, object> Read, Func<object, JsonNode> Write, WireJson.Defaults Defaults)
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lossless");

    public static IReadOnlyList<LosslessDocument> All { get; } = Load();

    private static List<LosslessDocument> Load()
    {
        var documents = new List<LosslessDocument>
        {
            new(
                "kitchen-sink.request.json",
                WireJson.Parse(File.ReadAllText(Path.Combine(Folder, "kitchen-sink.request.json"))),
                json => AkiJson.ParseRequest(json.ToJsonString()),
                value => WireJson.Parse(AkiJson.SerializeToUtf8Bytes((MessageRequest)value)),
                WireJson.Defaults.None),
            new(
                "kitchen-sink.response.json",
                WireJson.Parse(File.ReadAllText(Path.Combine(Folder, "kitchen-sink.response.json"))),
                json => AkiJson.ParseMessage(json.ToJsonString()),
                value => WireJson.Parse(AkiJson.SerializeToUtf8Bytes((Message)value)),
                WireJson.Defaults.Message),
        };

        List<(string Name, string Data)> frames = StreamCorpus.Frames(File.ReadAllBytes(Path.Combine(Folder, "kitchen-sink.stream.sse")));
        for (int i = 0; i < frames.Count; i++)
        {
            string eventName = frames[i].Name;
            documents.Add(new(
                $"kitchen-sink.stream.sse[{i}] ({eventName})",
                WireJson.Parse(frames[i].Data),
                json => AkiJson.ParseEvent(eventName, System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())),
                value => WireJson.Parse(AkiJson.SerializeToUtf8Bytes((MessageStreamEvent)value)),
                WireJson.Defaults.Event));
        }

        return documents;
    }

    /// <summary>Every JSON object of the document, with its path, in document order.</summary>
    public static IEnumerable<(string Path, JsonObject Object)> Objects(JsonNode node, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                yield return (path, obj);
                foreach (KeyValuePair<string, JsonNode?> property in obj.ToList())
                {
                    if (property.Value is not null)
                    {
                        foreach ((string, JsonObject) inner in Objects(property.Value, $"{path}.{property.Key}"))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        foreach ((string, JsonObject) inner in Objects(item, $"{path}[{i}]"))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }
}
