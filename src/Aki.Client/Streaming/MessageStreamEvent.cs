using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>
/// One server-sent event of a streamed answer: <see cref="MessageStartEvent"/>, <see cref="ContentBlockStartEvent"/>,
/// <see cref="ContentBlockDeltaEvent"/>, <see cref="ContentBlockStopEvent"/>, <see cref="MessageDeltaEvent"/>,
/// <see cref="MessageStopEvent"/>, <see cref="PingEvent"/>, or <see cref="UnknownStreamEvent"/> for an event type
/// this version of the SDK does not know. Error events are not yielded: they throw <see cref="AkiApiException"/>.
/// </summary>
public abstract record MessageStreamEvent
{
    private protected MessageStreamEvent()
    {
    }

    /// <summary>The event's <c>type</c>, such as <c>content_block_delta</c>.</summary>
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }
}
