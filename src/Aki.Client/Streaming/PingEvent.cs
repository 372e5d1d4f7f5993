namespace Aki.Client;

/// <summary><c>ping</c>: a keep-alive; carries nothing.</summary>
public sealed record PingEvent : MessageStreamEvent
{
    /// <inheritdoc/>
    public override string Type => "ping";
}
