using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Aki.Client.Testing;

/// <summary>Reads fixture files: the starter set embedded in this assembly and a user's folder.</summary>
internal static class FixtureLoader
{
    public const string ResourcePrefix = "Aki.Client.Testing.Fixtures/";

    private static readonly JsonDocumentOptions s_documentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] s_topLevel = ["description", "match", "response", "recorded"];
    private static readonly string[] s_matchProperties = ["path", "model", "scenario", "userText", "userTextContains", "messageCount", "stream"];
    private static readonly string[] s_responseProperties = ["status", "headers", "body", "text", "events", "sse", "chunkSize", "eventDelayMs", "abortAfterEvents"];

    /// <summary>The names of the embedded starter fixtures, in ordinal order.</summary>
    public static IEnumerable<string> StarterResourceNames() =>
        typeof(FixtureLoader).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal);

    public static List<Fixture> LoadStarter()
    {
        Assembly assembly = typeof(FixtureLoader).Assembly;
        var fixtures = new List<Fixture>();
        foreach (string resource in StarterResourceNames())
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException("The embedded fixture " + resource + " cannot be read.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            string name = resource.Substring(ResourcePrefix.Length, resource.Length - ResourcePrefix.Length - ".json".Length).Replace('\\', '/');
            fixtures.Add(Parse(name, "starter fixture " + name, isStarter: true, buffer.ToArray()));
        }

        return fixtures;
    }

    public static List<Fixture> LoadDirectory(string directory)
    {
        var fixtures = new List<Fixture>();
        if (!Directory.Exists(directory))
        {
            return fixtures;
        }

        string root = Path.GetFullPath(directory);
        foreach (string file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            fixtures.Add(Parse(NameOf(root, file), file, isStarter: false, File.ReadAllBytes(file)));
        }

        return fixtures;
    }

    public static string NameOf(string root, string file)
    {
        string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        return relative.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? relative.Substring(0, relative.Length - 5) : relative;
    }

    public static Fixture Parse(string name, string source, bool isStarter, byte[] json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, s_documentOptions);
            JsonElement root = document.RootElement;
            RequireObject(root, "the file");
            RejectUnknown(root, s_topLevel, "the top level");
            string? description = OptionalString(root, "description");
            FixtureMatch match = root.TryGetProperty("match", out JsonElement m) ? ParseMatch(m) : new FixtureMatch();
            if (!root.TryGetProperty("response", out JsonElement r))
            {
                throw new FormatException("\"response\" is missing.");
            }

            return new Fixture(name, source, isStarter, description, match, ParseResponse(r));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException("The fixture " + source + " is not valid: " + e.Message, e);
        }
    }

    /// <summary>Writes a JSON value without insignificant whitespace, keeping key order and readable non-ASCII text.</summary>
    public static byte[] Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_compact))
        {
            element.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    private static FixtureMatch ParseMatch(JsonElement match)
    {
        RequireObject(match, "\"match\"");
        RejectUnknown(match, s_matchProperties, "\"match\"");
        string path = OptionalString(match, "path") ?? FixtureMatch.MessagesPath;
        if (path != FixtureMatch.MessagesPath && path != FixtureMatch.ModelsPath)
        {
            throw new FormatException($"\"match.path\" is \"{path}\"; the server answers \"{FixtureMatch.MessagesPath}\" and \"{FixtureMatch.ModelsPath}\".");
        }

        return new FixtureMatch
        {
            Path = path,
            Model = OptionalString(match, "model"),
            Scenario = OptionalString(match, "scenario"),
            UserText = OptionalString(match, "userText"),
            UserTextContains = OptionalString(match, "userTextContains"),
            MessageCount = OptionalInt(match, "messageCount", minimum: 1),
            Stream = match.TryGetProperty("stream", out JsonElement stream) ? stream.GetBoolean() : null,
        };
    }

    private static FixtureResponse ParseResponse(JsonElement response)
    {
        RequireObject(response, "\"response\"");
        RejectUnknown(response, s_responseProperties, "\"response\"");
        int status = OptionalInt(response, "status", minimum: 100) ?? 200;
        var headers = new List<KeyValuePair<string, string>>();
        if (response.TryGetProperty("headers", out JsonElement h))
        {
            RequireObject(h, "\"response.headers\"");
            foreach (JsonProperty header in h.EnumerateObject())
            {
                string value = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
                headers.Add(new KeyValuePair<string, string>(header.Name, value));
            }
        }

        bool hasBody = response.TryGetProperty("body", out JsonElement body);
        bool hasText = response.TryGetProperty("text", out JsonElement text);
        bool hasEvents = response.TryGetProperty("events", out JsonElement events);
        bool hasSse = response.TryGetProperty("sse", out JsonElement sse);
        if (hasBody && hasText)
        {
            throw new FormatException("\"response\" has both \"body\" (JSON) and \"text\"; keep one.");
        }

        if (hasEvents && hasSse)
        {
            throw new FormatException("\"response\" has both \"events\" and \"sse\"; keep one.");
        }

        if (!hasBody && !hasText && !hasEvents && !hasSse && status < 300)
        {
            throw new FormatException("\"response\" needs \"body\", \"text\", \"events\" or \"sse\".");
        }

        byte[]? bodyBytes = hasBody ? Compact(body) : hasText ? Encoding.UTF8.GetBytes(text.GetString() ?? string.Empty) : null;
        List<SseFrame>? frames = hasEvents ? ParseEvents(events) : hasSse ? SseFrames.Split(sse.GetString() ?? string.Empty) : null;
        int? delay = OptionalInt(response, "eventDelayMs", minimum: 0);
        return new FixtureResponse
        {
            Status = status,
            Headers = headers,
            Body = bodyBytes,
            BodyIsJson = hasBody,
            Events = frames,
            ChunkSize = OptionalInt(response, "chunkSize", minimum: 1),
            EventDelay = delay is null ? null : TimeSpan.FromMilliseconds(delay.Value),
            AbortAfterEvents = OptionalInt(response, "abortAfterEvents", minimum: 0),
        };
    }

    private static List<SseFrame> ParseEvents(JsonElement events)
    {
        if (events.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("\"response.events\" must be an array.");
        }

        var frames = new List<SseFrame>();
        int index = 0;
        foreach (JsonElement item in events.EnumerateArray())
        {
            RequireObject(item, $"\"response.events[{index}]\"");
            string? eventName;
            string data;
            if (item.TryGetProperty("data", out JsonElement explicitData))
            {
                // The long form: {"event": name, "data": JSON or text}, for frames whose name and data disagree.
                data = explicitData.ValueKind == JsonValueKind.String ? explicitData.GetString()! : Encoding.UTF8.GetString(Compact(explicitData));
                eventName = item.TryGetProperty("event", out JsonElement e) ? e.GetString() : TypeOf(explicitData);
            }
            else
            {
                // The short form: the data object itself, named by its "type".
                eventName = TypeOf(item) ?? throw new FormatException($"\"response.events[{index}]\" has no \"type\" to name the event (or use {{\"event\": ..., \"data\": ...}}).");
                data = Encoding.UTF8.GetString(Compact(item));
            }

            frames.Add(SseFrames.Create(eventName, data));
            index++;
        }

        return frames;
    }

    private static string? TypeOf(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;

    private static void RequireObject(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException(what + " must be a JSON object.");
        }
    }

    private static void RejectUnknown(JsonElement element, string[] known, string where)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0)
            {
                throw new FormatException($"{where} has an unknown property \"{property.Name}\"; known ones are {string.Join(", ", known)}.");
            }
        }
    }

    private static string? OptionalString(JsonElement element, string name) =>
        !element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"\"{name}\" must be a string.");

    private static int? OptionalInt(JsonElement element, string name, int minimum)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number) || number < minimum)
        {
            throw new FormatException($"\"{name}\" must be a whole number of at least {minimum.ToString(CultureInfo.InvariantCulture)}.");
        }

        return number;
    }
}
