using System.Text.Json;

namespace Aki.Client.Serialization;

/// <summary>JSON values the SDK hands out in many places. Elements are immutable, so one instance serves them all.</summary>
internal static class JsonValues
{
    /// <summary><c>{}</c>: the input of a tool call without arguments.</summary>
    public static JsonElement EmptyObject { get; } = Parse("{}");

    /// <summary>A value that owns its memory, independent of any document to dispose.</summary>
    public static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
