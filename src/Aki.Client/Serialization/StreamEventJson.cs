using System;
using System.Text;
using System.Text.Json;
using Aki.Client.Streaming;

namespace Aki.Client.Serialization;

/// <summary>
/// Reads and writes stream events losslessly for <see cref="AkiJson"/> and <see cref="MessageStreamEventConverter"/>.
/// Unlike the streaming client's parser it never takes the hand-written delta path or shares the ping and stop
/// singletons, so unknown fields of every event survive.
/// </summary>
internal static class StreamEventJson
{
    public static MessageStreamEvent Parse(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data) =>
        Parse(StreamEventParser.Classify(eventName, data), eventName, data);

    /// <summary>As <see cref="Parse(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, for an event the caller has classified already.</summary>
    public static MessageStreamEvent Parse(StreamEventParser.Kind kind, ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        AkiJsonContext context = AkiJsonContext.Default;
        try
        {
            return kind switch
            {
                StreamEventParser.Kind.ContentBlockDelta => Checked(JsonSerializer.Deserialize(data, context.ContentBlockDeltaEvent), e => e.Delta, "content_block_delta", "delta"),
                StreamEventParser.Kind.Ping => Checked(JsonSerializer.Deserialize(data, context.PingEvent), _ => string.Empty, "ping", string.Empty),
                StreamEventParser.Kind.MessageStop => Checked(JsonSerializer.Deserialize(data, context.MessageStopEvent), _ => string.Empty, "message_stop", string.Empty),
                _ => KeepText(StreamEventParser.Parse(kind, eventName, data), data),
            };
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The event data is not valid JSON of its event type: {e.Message}", nameof(data), e);
        }
    }

    /// <summary>Data that is not JSON is kept as text on the unknown event, to be written back as it came.</summary>
    private static MessageStreamEvent KeepText(MessageStreamEvent parsed, ReadOnlySpan<byte> data) =>
        parsed is UnknownStreamEvent { Data.ValueKind: JsonValueKind.Undefined } unknown && data.Length > 0
            ? unknown with { RawData = Encoding.UTF8.GetString(data.ToArray()) }
            : parsed;

    public static void Write(Utf8JsonWriter writer, MessageStreamEvent streamEvent)
    {
        AkiJsonContext context = AkiJsonContext.Default;
        switch (streamEvent)
        {
            case ContentBlockDeltaEvent delta:
                JsonSerializer.Serialize(writer, delta, context.ContentBlockDeltaEvent);
                break;
            case MessageStartEvent start:
                JsonSerializer.Serialize(writer, start, context.MessageStartEvent);
                break;
            case ContentBlockStartEvent blockStart:
                JsonSerializer.Serialize(writer, blockStart, context.ContentBlockStartEvent);
                break;
            case ContentBlockStopEvent blockStop:
                JsonSerializer.Serialize(writer, blockStop, context.ContentBlockStopEvent);
                break;
            case MessageDeltaEvent messageDelta:
                JsonSerializer.Serialize(writer, messageDelta, context.MessageDeltaEvent);
                break;
            case MessageStopEvent stop:
                JsonSerializer.Serialize(writer, stop, context.MessageStopEvent);
                break;
            case PingEvent ping:
                JsonSerializer.Serialize(writer, ping, context.PingEvent);
                break;
            case UnknownStreamEvent { Data.ValueKind: not JsonValueKind.Undefined } unknown:
                unknown.Data.WriteTo(writer);
                break;
            case UnknownStreamEvent unknown:
                // An event whose data was not JSON keeps only its name.
                writer.WriteStartObject();
                writer.WriteString("type", unknown.EventType);
                writer.WriteEndObject();
                break;
            default:
                throw new JsonException($"Unsupported event type {streamEvent.GetType()}.");
        }
    }

    private static T Checked<T, TMember>(T? value, Func<T, TMember?> member, string type, string name)
        where T : class
    {
        if (value is null)
        {
            throw new JsonException($"The {type} event data was null.");
        }

        if (name.Length > 0 && member(value) is null)
        {
            throw new JsonException($"The {type} event has no \"{name}\".");
        }

        return value;
    }
}
