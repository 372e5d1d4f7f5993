#if NET
using System;
using System.Text;
using Aki.Client.Serialization;

namespace Aki.Client.Streaming;

/// <summary>
/// The events around the deltas in the exact shapes servers write them: each shape is a template of literal bytes
/// with slots for the values that vary (an index, token counts, an id, a model, a tool name, a stop reason), matched
/// byte for byte, so no JSON tokenizer runs and only the slots' strings are allocated. The templates are the shapes of
/// AKI.IO's open-model servers (member orders as vLLM and LiteLLM write them) and of the Messages API reference.
/// </summary>
/// <remarks>
/// A slot takes only plain values: a string of printable ASCII without escapes, an integer of up to nine digits
/// without sign or leading zero. Any other byte anywhere, whitespace included, and the data is left to
/// <see cref="StructuralEventReader"/>, which stays the reference: the tests hold every event read here to what it
/// reads from the same data.
/// </remarks>
internal static class EventTemplates
{
    // Slot markers inside a template; no template's literal bytes contain them.
    private const byte IndexSlot = 1;
    private const byte IdSlot = 2;
    private const byte ModelSlot = 3;
    private const byte InputSlot = 4;
    private const byte OutputSlot = 5;
    private const byte StopReasonSlot = 6;
    private const byte NameSlot = 7;

    // AKI.IO's servers: content before model, stop_sequence given or left out.
    private static ReadOnlySpan<byte> MessageStartContentFirst => "{\"type\":\"message_start\",\"message\":{\"id\":\"\u0002\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"\u0003\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":\u0004,\"output_tokens\":\u0005}}}"u8;

    private static ReadOnlySpan<byte> MessageStartNoStopSequence => "{\"type\":\"message_start\",\"message\":{\"id\":\"\u0002\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"\u0003\",\"stop_reason\":null,\"usage\":{\"input_tokens\":\u0004,\"output_tokens\":\u0005}}}"u8;

    // The API reference's order.
    private static ReadOnlySpan<byte> MessageStartModelFirst => "{\"type\":\"message_start\",\"message\":{\"id\":\"\u0002\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"\u0003\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":\u0004,\"output_tokens\":\u0005}}}"u8;

    private static ReadOnlySpan<byte> TextStartIndexLast => "{\"type\":\"content_block_start\",\"content_block\":{\"type\":\"text\",\"text\":\"\"},\"index\":\u0001}"u8;

    private static ReadOnlySpan<byte> TextStartIndexFirst => "{\"type\":\"content_block_start\",\"index\":\u0001,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"u8;

    private static ReadOnlySpan<byte> ThinkingStartIndexLast => "{\"type\":\"content_block_start\",\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"},\"index\":\u0001}"u8;

    private static ReadOnlySpan<byte> ThinkingStartIndexFirst => "{\"type\":\"content_block_start\",\"index\":\u0001,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"u8;

    private static ReadOnlySpan<byte> ToolStartIndexLast => "{\"type\":\"content_block_start\",\"content_block\":{\"type\":\"tool_use\",\"id\":\"\u0002\",\"name\":\"\u0007\",\"input\":{}},\"index\":\u0001}"u8;

    private static ReadOnlySpan<byte> ToolStartIndexFirst => "{\"type\":\"content_block_start\",\"index\":\u0001,\"content_block\":{\"type\":\"tool_use\",\"id\":\"\u0002\",\"name\":\"\u0007\",\"input\":{}}}"u8;

    private static ReadOnlySpan<byte> BlockStop => "{\"type\":\"content_block_stop\",\"index\":\u0001}"u8;

    // AKI.IO's servers: the stop reason alone, both token counts.
    private static ReadOnlySpan<byte> DeltaStopReasonOnly => "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"\u0006\"},\"usage\":{\"input_tokens\":\u0004,\"output_tokens\":\u0005}}"u8;

    private static ReadOnlySpan<byte> DeltaOutputOnly => "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"\u0006\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":\u0005}}"u8;

    private static ReadOnlySpan<byte> DeltaBothCounts => "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"\u0006\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":\u0004,\"output_tokens\":\u0005}}"u8;

    /// <summary>One of the events around the deltas, when its data has a template's shape; null for any other data or kind.</summary>
    public static MessageStreamEvent? TryRead(StreamEventParser.Kind kind, ReadOnlySpan<byte> data) => kind switch
    {
        StreamEventParser.Kind.MessageStart => TryReadMessageStart(data),
        StreamEventParser.Kind.ContentBlockStart => TryReadContentBlockStart(data),
        StreamEventParser.Kind.ContentBlockStop => TryReadContentBlockStop(data),
        StreamEventParser.Kind.MessageDelta => TryReadMessageDelta(data),
        _ => null,
    };

    private static MessageStartEvent? TryReadMessageStart(ReadOnlySpan<byte> data)
    {
        var slots = default(Slots);
        if (!(Match(data, MessageStartContentFirst, ref slots) || Match(data, MessageStartModelFirst, ref slots) || Match(data, MessageStartNoStopSequence, ref slots)))
        {
            return null;
        }

        // As the hand reader builds it: the members the data gave, the record's defaults for the rest.
        return new MessageStartEvent(new Message
        {
            Id = Encoding.UTF8.GetString(slots.Id),
            Type = "message",
            Role = MessageRole.Assistant,
            Model = Encoding.UTF8.GetString(slots.Model),
            Content = Array.Empty<ContentBlock>(),
            Usage = new Usage { InputTokens = slots.Input, OutputTokens = slots.Output },
        });
    }

    private static ContentBlockStartEvent? TryReadContentBlockStart(ReadOnlySpan<byte> data)
    {
        var slots = default(Slots);
        if (Match(data, TextStartIndexLast, ref slots) || Match(data, TextStartIndexFirst, ref slots))
        {
            return new ContentBlockStartEvent(slots.Index, new TextBlock(string.Empty));
        }

        if (Match(data, ToolStartIndexLast, ref slots) || Match(data, ToolStartIndexFirst, ref slots))
        {
            return new ContentBlockStartEvent(slots.Index, new ToolUseBlock(Encoding.UTF8.GetString(slots.Id), Encoding.UTF8.GetString(slots.Name), JsonValues.EmptyObject));
        }

        if (Match(data, ThinkingStartIndexLast, ref slots) || Match(data, ThinkingStartIndexFirst, ref slots))
        {
            return new ContentBlockStartEvent(slots.Index, new ThinkingBlock(string.Empty));
        }

        return null;
    }

    private static ContentBlockStopEvent? TryReadContentBlockStop(ReadOnlySpan<byte> data)
    {
        var slots = default(Slots);
        return Match(data, BlockStop, ref slots) ? new ContentBlockStopEvent(slots.Index) : null;
    }

    private static MessageDeltaEvent? TryReadMessageDelta(ReadOnlySpan<byte> data)
    {
        var slots = default(Slots);
        if (!(Match(data, DeltaStopReasonOnly, ref slots) || Match(data, DeltaOutputOnly, ref slots) || Match(data, DeltaBothCounts, ref slots)))
        {
            return null;
        }

        return new MessageDeltaEvent(new MessageDelta { StopReason = StopReasonOf(slots.StopReason) })
        {
            Usage = new MessageDeltaUsage { InputTokens = slots.HasInput ? slots.Input : null, OutputTokens = slots.Output },
        };
    }

    /// <summary>Whether <paramref name="data"/> is <paramref name="template"/> with a plain value in each slot; the slots then hold them.</summary>
    private static bool Match(ReadOnlySpan<byte> data, ReadOnlySpan<byte> template, ref Slots slots)
    {
        slots = default;
        while (true)
        {
            int marker = template.IndexOfAnyInRange(IndexSlot, NameSlot);
            ReadOnlySpan<byte> literal = marker < 0 ? template : template.Slice(0, marker);
            if (!data.StartsWith(literal))
            {
                return false;
            }

            data = data.Slice(literal.Length);
            if (marker < 0)
            {
                return data.IsEmpty;
            }

            byte slot = template[marker];
            template = template.Slice(marker + 1);
            int taken;
            switch (slot)
            {
                case IndexSlot:
                    taken = TakeInteger(data, out slots.Index);
                    break;
                case InputSlot:
                    taken = TakeInteger(data, out slots.Input);
                    slots.HasInput = true;
                    break;
                case OutputSlot:
                    taken = TakeInteger(data, out slots.Output);
                    break;
                default:
                    taken = StringLength(data);
                    ReadOnlySpan<byte> value = taken > 0 ? data.Slice(0, taken) : default;
                    if (slot == IdSlot)
                    {
                        slots.Id = value;
                    }
                    else if (slot == ModelSlot)
                    {
                        slots.Model = value;
                    }
                    else if (slot == StopReasonSlot)
                    {
                        slots.StopReason = value;
                    }
                    else
                    {
                        slots.Name = value;
                    }

                    break;
            }

            if (taken < 0 || (taken == 0 && slot is IndexSlot or InputSlot or OutputSlot))
            {
                return false;
            }

            data = data.Slice(taken);
        }
    }

    /// <summary>
    /// How many bytes of an integer start <paramref name="data"/>: up to nine digits, no sign, no leading zero (a digit
    /// after the ninth, or after a zero, fails the literal that follows); 0 for none.
    /// </summary>
    private static int TakeInteger(ReadOnlySpan<byte> data, out int value)
    {
        value = 0;
        int length = 0;
        while (length < data.Length && length < 9 && data[length] is >= (byte)'0' and <= (byte)'9')
        {
            value = (value * 10) + (data[length] - '0');
            length++;
            if (length == 1 && value == 0)
            {
                break;
            }
        }

        return length;
    }

    /// <summary>
    /// How many bytes of a string's content start <paramref name="data"/>, up to its closing quote (left for the
    /// literal that follows): printable ASCII without escapes; -1 for anything else.
    /// </summary>
    private static int StringLength(ReadOnlySpan<byte> data)
    {
        int length = data.IndexOfAny((byte)'"', (byte)'\\');
        return length < 0 || data[length] != (byte)'"' || data.Slice(0, length).IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0 ? -1 : length;
    }

    /// <summary>The common reasons without a new string each, as the hand reader reads them.</summary>
    private static StopReason StopReasonOf(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("end_turn"u8) ? StopReason.EndTurn
        : name.SequenceEqual("tool_use"u8) ? StopReason.ToolUse
        : name.SequenceEqual("max_tokens"u8) ? StopReason.MaxTokens
        : name.SequenceEqual("stop_sequence"u8) ? StopReason.StopSequence
        : new StopReason(Encoding.UTF8.GetString(name));

    private ref struct Slots
    {
        public int Index;
        public int Input;
        public int Output;
        public bool HasInput;
        public ReadOnlySpan<byte> Id;
        public ReadOnlySpan<byte> Model;
        public ReadOnlySpan<byte> StopReason;
        public ReadOnlySpan<byte> Name;
    }
}
#endif
