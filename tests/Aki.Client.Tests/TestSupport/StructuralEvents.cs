using System.Text.Json;
using Aki.Client.Serialization;
using Aki.Client.Streaming;

namespace Aki.Client.Tests;

/// <summary>The events around the deltas as the tests compare them: read by the hand reader, and written whole.</summary>
internal static class StructuralEvents
{
    /// <summary><see cref="StructuralEventReader"/>'s reading of one of the events it reads; null where it leaves the data.</summary>
    public static MessageStreamEvent? HandRead(StreamEventParser.Kind kind, byte[] data) => kind switch
    {
        StreamEventParser.Kind.MessageStart => StructuralEventReader.TryReadMessageStart(data),
        StreamEventParser.Kind.ContentBlockStart => StructuralEventReader.TryReadContentBlockStart(data),
        StreamEventParser.Kind.ContentBlockStop => StructuralEventReader.TryReadContentBlockStop(data),
        StreamEventParser.Kind.MessageDelta => StructuralEventReader.TryReadMessageDelta(data),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Everything an event holds, modelled or kept, as the serializer writes it.</summary>
    public static string Written(MessageStreamEvent streamEvent)
    {
        AkiJsonContext context = AkiJsonContext.Default;
        return streamEvent switch
        {
            MessageStartEvent start => JsonSerializer.Serialize(start, context.MessageStartEvent),
            ContentBlockStartEvent blockStart => JsonSerializer.Serialize(blockStart, context.ContentBlockStartEvent),
            ContentBlockStopEvent blockStop => JsonSerializer.Serialize(blockStop, context.ContentBlockStopEvent),
            MessageDeltaEvent delta => JsonSerializer.Serialize(delta, context.MessageDeltaEvent),
            _ => throw new ArgumentOutOfRangeException(nameof(streamEvent)),
        };
    }
}
