namespace Aki.Client;

/// <summary><c>message_stop</c>: the answer is complete.</summary>
public sealed record MessageStopEvent : MessageStreamEvent
{
    /// <inheritdoc/>
    public override string Type => "message_stop";
}
