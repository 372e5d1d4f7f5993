using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// One server-sent event of a streamed answer: <see cref="MessageStartEvent"/>, <see cref="ContentBlockStartEvent"/>,
/// <see cref="ContentBlockDeltaEvent"/>, <see cref="ContentBlockStopEvent"/>, <see cref="MessageDeltaEvent"/>,
/// <see cref="MessageStopEvent"/>, <see cref="PingEvent"/>, or <see cref="UnknownStreamEvent"/> for an event type
/// this version of the SDK does not know. Error events are not yielded: they throw <see cref="AkiApiException"/>.
/// </summary>
[JsonConverter(typeof(MessageStreamEventConverter))]
public abstract record MessageStreamEvent
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    private protected MessageStreamEvent()
    {
    }

    /// <summary>The event's <c>type</c>, such as <c>content_block_delta</c>.</summary>
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }

    /// <summary>Fields of this object that this version of the SDK does not model, kept as received and written back in the same object.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
