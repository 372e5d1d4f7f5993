using System;
using System.Text.Json;
using Aki.Client.Serialization;

namespace Aki.Client.Streaming;

/// <summary>
/// Reads the events around the deltas (<c>message_start</c>, <c>content_block_start</c>, <c>content_block_stop</c>,
/// <c>message_delta</c>) by hand, in the shapes servers send them. Through the source-generated metadata these few
/// events cost more than a short answer's deltas together (the records bind init-only members like constructor
/// arguments).
/// </summary>
/// <remarks>
/// The source-generated path is the reference. Whatever this reader is not sure to read exactly as it would (a field
/// the records keep as extension data, a field given twice, a null or a number where it expects something else,
/// content already in <c>message_start</c>, data that is not JSON) makes it return null, and the caller takes that
/// path. Where it returns an event, the event equals what that path reads; the tests hold it to that.
/// </remarks>
internal static class StructuralEventReader
{
    public static MessageStartEvent? TryReadMessageStart(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            Message? message = null;
            int seen = 0;
            if (!IsObject(ref reader))
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool read = reader.ValueTextEquals("type"u8) ? SkipType(ref reader, ref seen)
                    : reader.ValueTextEquals("message"u8) && Once(ref seen, 2) && reader.Read() && (message = ReadMessage(ref reader)) is not null;
                if (!read)
                {
                    return null;
                }
            }

            return message is not null && IsLast(ref reader) ? new MessageStartEvent(message) : null;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return null;
        }
    }

    public static ContentBlockStartEvent? TryReadContentBlockStart(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            int index = -1;
            ContentBlock? block = null;
            int seen = 0;
            if (!IsObject(ref reader))
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool read = reader.ValueTextEquals("type"u8) ? SkipType(ref reader, ref seen)
                    : reader.ValueTextEquals("index"u8) ? ReadIndex(ref reader, ref seen, out index)
                    : reader.ValueTextEquals("content_block"u8) && Once(ref seen, 4) && reader.Read() && (block = ReadStartBlock(ref reader)) is not null;
                if (!read)
                {
                    return null;
                }
            }

            return (seen & 6) == 6 && IsLast(ref reader) ? new ContentBlockStartEvent(index, block!) : null;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return null;
        }
    }

    public static ContentBlockStopEvent? TryReadContentBlockStop(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            int index = -1;
            int seen = 0;
            if (!IsObject(ref reader))
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool read = reader.ValueTextEquals("type"u8) ? SkipType(ref reader, ref seen)
                    : reader.ValueTextEquals("index"u8) && ReadIndex(ref reader, ref seen, out index);
                if (!read)
                {
                    return null;
                }
            }

            return (seen & 2) == 2 && IsLast(ref reader) ? new ContentBlockStopEvent(index) : null;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return null;
        }
    }

    public static MessageDeltaEvent? TryReadMessageDelta(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            MessageDelta? delta = null;
            MessageDeltaUsage? usage = null;
            int seen = 0;
            if (!IsObject(ref reader))
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Either member may be null, as the serializer allows.
                bool read = reader.ValueTextEquals("type"u8) ? SkipType(ref reader, ref seen)
                    : reader.ValueTextEquals("delta"u8) ? Once(ref seen, 2) && reader.Read() && (reader.TokenType == JsonTokenType.Null || (delta = ReadMessageDeltaBody(ref reader)) is not null)
                    : reader.ValueTextEquals("usage"u8) && Once(ref seen, 4) && reader.Read() && (reader.TokenType == JsonTokenType.Null || (usage = ReadDeltaUsage(ref reader)) is not null);
                if (!read)
                {
                    return null;
                }
            }

            // No delta means no stop reason yet (some servers send only usage), as the general path reads it.
            return IsLast(ref reader) ? new MessageDeltaEvent(delta ?? new MessageDelta()) { Usage = usage } : null;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return null;
        }
    }

    private static Message? ReadMessage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? id = null;
        string? type = null;
        string? model = null;
        MessageRole role = default;
        StopReason? stopReason = null;
        string? stopSequence = null;
        Usage? usage = null;
        int seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                if (!Once(ref seen, 1) || !ReadString(ref reader, out id))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                if (!Once(ref seen, 2) || !ReadString(ref reader, out type))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                if (!Once(ref seen, 4) || !reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                role = reader.ValueTextEquals("assistant"u8) ? MessageRole.Assistant : new MessageRole(reader.GetString()!);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                if (!Once(ref seen, 8) || !ReadString(ref reader, out model))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                // message_start announces an empty message; content already in it takes the general path.
                if (!Once(ref seen, 16) || !reader.Read() || reader.TokenType != JsonTokenType.StartArray
                    || !reader.Read() || reader.TokenType != JsonTokenType.EndArray)
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("stop_reason"u8))
            {
                if (!Once(ref seen, 32) || !ReadStopReason(ref reader, out stopReason))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("stop_sequence"u8))
            {
                if (!Once(ref seen, 64) || !ReadNullableString(ref reader, out stopSequence))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                if (!Once(ref seen, 128) || !reader.Read() || (usage = ReadUsage(ref reader)) is null)
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }

        // Members the data left out keep the record's defaults, as the general path's accessors restore them.
        return new Message
        {
            Id = id!,
            Type = type!,
            Role = role,
            Model = model!,
            Content = Array.Empty<ContentBlock>(),
            StopReason = stopReason,
            StopSequence = stopSequence,
            Usage = usage!,
        };
    }

    private static Usage? ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        int input = 0;
        int output = 0;
        int? cacheCreation = null;
        int? cacheRead = null;
        string? serviceTier = null;
        int seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool read = reader.ValueTextEquals("input_tokens"u8) ? Once(ref seen, 1) && ReadInt(ref reader, out input)
                : reader.ValueTextEquals("output_tokens"u8) ? Once(ref seen, 2) && ReadInt(ref reader, out output)
                : reader.ValueTextEquals("cache_creation_input_tokens"u8) ? Once(ref seen, 4) && ReadNullableInt(ref reader, out cacheCreation)
                : reader.ValueTextEquals("cache_read_input_tokens"u8) ? Once(ref seen, 8) && ReadNullableInt(ref reader, out cacheRead)
                : reader.ValueTextEquals("service_tier"u8) && Once(ref seen, 16) && ReadNullableString(ref reader, out serviceTier);
            if (!read)
            {
                return null;
            }
        }

        return new Usage
        {
            InputTokens = input,
            OutputTokens = output,
            CacheCreationInputTokens = cacheCreation,
            CacheReadInputTokens = cacheRead,
            ServiceTier = serviceTier,
        };
    }

    private static MessageDelta? ReadMessageDeltaBody(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        StopReason? stopReason = null;
        string? stopSequence = null;
        int seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool read = reader.ValueTextEquals("stop_reason"u8) ? Once(ref seen, 1) && ReadStopReason(ref reader, out stopReason)
                : reader.ValueTextEquals("stop_sequence"u8) && Once(ref seen, 2) && ReadNullableString(ref reader, out stopSequence);
            if (!read)
            {
                return null;
            }
        }

        return new MessageDelta { StopReason = stopReason, StopSequence = stopSequence };
    }

    private static MessageDeltaUsage? ReadDeltaUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        int? input = null;
        int? output = null;
        int? cacheCreation = null;
        int? cacheRead = null;
        int seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool read = reader.ValueTextEquals("output_tokens"u8) ? Once(ref seen, 1) && ReadNullableInt(ref reader, out output)
                : reader.ValueTextEquals("input_tokens"u8) ? Once(ref seen, 2) && ReadNullableInt(ref reader, out input)
                : reader.ValueTextEquals("cache_creation_input_tokens"u8) ? Once(ref seen, 4) && ReadNullableInt(ref reader, out cacheCreation)
                : reader.ValueTextEquals("cache_read_input_tokens"u8) && Once(ref seen, 8) && ReadNullableInt(ref reader, out cacheRead);
            if (!read)
            {
                return null;
            }
        }

        return new MessageDeltaUsage
        {
            InputTokens = input,
            OutputTokens = output,
            CacheCreationInputTokens = cacheCreation,
            CacheReadInputTokens = cacheRead,
        };
    }

    /// <summary>The block a <c>content_block_start</c> opens: an empty text, tool_use or thinking block.</summary>
    private static ContentBlock? ReadStartBlock(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        const int Text = 1, ToolUse = 2, Thinking = 3;
        int kind = 0;
        string? text = null;
        string? id = null;
        string? name = null;
        bool emptyInput = false;
        string? signature = null;
        int seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                if (!Once(ref seen, 1) || !reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                kind = reader.ValueTextEquals("text"u8) ? Text
                    : reader.ValueTextEquals("tool_use"u8) ? ToolUse
                    : reader.ValueTextEquals("thinking"u8) ? Thinking
                    : 0;
                if (kind == 0)
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                if (!Once(ref seen, 2) || !ReadString(ref reader, out text))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                if (!Once(ref seen, 4) || !ReadString(ref reader, out id))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                if (!Once(ref seen, 8) || !ReadString(ref reader, out name))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                // Arguments arrive as input_json_delta fragments; an input given here already takes the general path.
                if (!Once(ref seen, 16) || !reader.Read() || reader.TokenType != JsonTokenType.StartObject
                    || !reader.Read() || reader.TokenType != JsonTokenType.EndObject)
                {
                    return null;
                }

                emptyInput = true;
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                if (!Once(ref seen, 32) || !ReadString(ref reader, out text))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("signature"u8))
            {
                if (!Once(ref seen, 64) || !ReadString(ref reader, out signature))
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }

        // Each kind with exactly its own members, all present (signature optional): anything else is the general path's.
        return kind switch
        {
            Text when seen == (1 | 2) => new TextBlock(text!),
            ToolUse when seen == (1 | 4 | 8 | 16) && emptyInput => new ToolUseBlock(id!, name!, JsonValues.EmptyObject),
            Thinking when seen == (1 | 32) => new ThinkingBlock(text!),
            Thinking when seen == (1 | 32 | 64) => new ThinkingBlock(text!) { Signature = signature },
            _ => null,
        };
    }

    private static bool IsObject(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.StartObject;

    /// <summary>The records' <c>Type</c> is fixed by their class: the serializer skips the member's value, whatever it is.</summary>
    private static bool SkipType(ref Utf8JsonReader reader, ref int seen) => Once(ref seen, 1) && reader.Read() && reader.TrySkip();

    private static bool ReadIndex(ref Utf8JsonReader reader, ref int seen, out int index)
    {
        index = -1;
        return Once(ref seen, 2) && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out index);
    }

    /// <summary>Not JSON, or a string that is not valid UTF-8: the general path says what is wrong.</summary>
    private static bool IsUnreadable(Exception e) => e is JsonException or InvalidOperationException;

    private static bool Once(ref int seen, int bit)
    {
        if ((seen & bit) != 0)
        {
            return false;
        }

        seen |= bit;
        return true;
    }

    /// <summary>Whether the object just closed is the whole document (the serializer refuses anything after it).</summary>
    private static bool IsLast(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0 && !reader.Read();

    private static bool ReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null;
    }

    private static bool ReadNullableString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null;
    }

    private static bool ReadStopReason(ref Utf8JsonReader reader, out StopReason? value)
    {
        value = null;
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        // The common reasons without a new string each.
        value = reader.ValueTextEquals("end_turn"u8) ? StopReason.EndTurn
            : reader.ValueTextEquals("tool_use"u8) ? StopReason.ToolUse
            : reader.ValueTextEquals("max_tokens"u8) ? StopReason.MaxTokens
            : reader.ValueTextEquals("stop_sequence"u8) ? StopReason.StopSequence
            : new StopReason(reader.GetString()!);
        return true;
    }

    private static bool ReadInt(ref Utf8JsonReader reader, out int value)
    {
        value = 0;
        return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out value);
    }

    private static bool ReadNullableInt(ref Utf8JsonReader reader, out int? value)
    {
        value = null;
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int number))
        {
            return false;
        }

        value = number;
        return true;
    }
}
