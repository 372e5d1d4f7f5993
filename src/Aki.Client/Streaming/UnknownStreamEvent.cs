using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>An event of a type this version of the SDK does not know; its data is kept as JSON.</summary>
/// <param name="EventType">The event's name (or its data's <c>type</c>).</param>
/// <param name="Data">The event's data, or <see cref="JsonValueKind.Undefined"/> when it was not JSON.</param>
public sealed record UnknownStreamEvent(string EventType, JsonElement Data) : MessageStreamEvent
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => EventType;

    /// <summary>
    /// The data as text when it was not JSON (then <see cref="Data"/> is undefined), so that
    /// <see cref="AkiJson.ToServerSentEvent"/> writes it back unchanged; null for JSON data.
    /// </summary>
    public string? RawData { get; init; }
}
