using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>message_stop</c>: the answer is complete.</summary>
public sealed record MessageStopEvent : MessageStreamEvent
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "message_stop";
}
