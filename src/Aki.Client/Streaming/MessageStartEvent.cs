using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>message_start</c>: the message's id, model and initial usage, with empty content.</summary>
/// <param name="Message">The message as it starts.</param>
public sealed record MessageStartEvent(Message Message) : MessageStreamEvent
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "message_start";
}
