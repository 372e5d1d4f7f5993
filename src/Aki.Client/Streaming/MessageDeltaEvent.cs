using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>message_delta</c>: the stop reason and the usage totals so far (totals, not increments).</summary>
/// <param name="Delta">The stop reason and stop sequence.</param>
public sealed record MessageDeltaEvent(MessageDelta Delta) : MessageStreamEvent
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "message_delta";

    /// <summary>Cumulative usage; fields the server leaves out keep their earlier values.</summary>
    public MessageDeltaUsage? Usage { get; init; }
}
