using System.Text.Json;

namespace Aki.Client;

/// <summary>An event of a type this version of the SDK does not know; its data is kept as JSON.</summary>
/// <param name="EventType">The event's name (or its data's <c>type</c>).</param>
/// <param name="Data">The event's data, or <see cref="JsonValueKind.Undefined"/> when it was not JSON.</param>
public sealed record UnknownStreamEvent(string EventType, JsonElement Data) : MessageStreamEvent
{
    /// <inheritdoc/>
    public override string Type => EventType;
}
