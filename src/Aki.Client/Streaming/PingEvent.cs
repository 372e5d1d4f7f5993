using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>ping</c>: a keep-alive; carries nothing.</summary>
public sealed record PingEvent : MessageStreamEvent
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "ping";
}
