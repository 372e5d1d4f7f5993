#if NET
using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;

namespace Aki.Client.Serialization;

/// <summary>
/// Writes the wire form of a plain chat request (text turns, a text system prompt, sampling settings, stop sequences)
/// with a <see cref="Utf8JsonWriter"/> directly: through the source-generated metadata a short request costs a good
/// part of a whole streamed call. Anything else (tools, blocks other than plain text, metadata, thinking, fields kept
/// as extension data) returns null and is written by the serializer, which stays the reference: for the requests
/// this writer takes, its bytes are the serializer's bytes, and the tests hold it to that.
/// </summary>
internal static class PlainRequestWriter
{
    // Requests larger than this are written into a fresh buffer rather than keeping a large one per thread.
    private const int LargestKeptBuffer = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The request as sent, with the effective max_tokens and stream flag; null when the serializer must write it.</summary>
    public static byte[]? TryWrite(MessageRequest request, int maxTokens, bool? stream)
    {
        if (!IsPlain(request))
        {
            return null;
        }

        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = AkiJsonContext.Default.Options.Encoder });
        writer.Reset(buffer);
        try
        {
            Write(writer, request, maxTokens, stream);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // A value the writer refuses (a lone surrogate, a NaN): the serializer's path says so in its own words.
            return null;
        }
        finally
        {
            if (buffer.Capacity > LargestKeptBuffer)
            {
                t_buffer = null;
            }
        }
    }

    private static void Write(Utf8JsonWriter writer, MessageRequest request, int maxTokens, bool? stream)
    {
        // The serializer's order: the record's declaration order, nulls left out.
        writer.WriteStartObject();
        writer.WriteString("model"u8, request.Model);
        writer.WriteStartArray("messages"u8);
        IReadOnlyList<MessageParam> messages = request.Messages;
        for (int i = 0; i < messages.Count; i++)
        {
            MessageParam message = messages[i];
            writer.WriteStartObject();
            writer.WriteString("role"u8, message.Role.Value);
            if (message.Content.Text is { } text)
            {
                writer.WriteString("content"u8, text);
            }
            else
            {
                writer.WriteStartArray("content"u8);
                foreach (ContentBlock block in message.Content.Blocks!)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "text"u8);
                    writer.WriteString("text"u8, ((TextBlock)block).Text);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("max_tokens"u8, maxTokens);
        if (request.System is { } system)
        {
            writer.WriteString("system"u8, system.Text);
        }

        if (request.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (request.TopP is { } topP)
        {
            writer.WriteNumber("top_p"u8, topP);
        }

        if (request.TopK is { } topK)
        {
            writer.WriteNumber("top_k"u8, topK);
        }

        if (request.StopSequences is { } stopSequences)
        {
            writer.WriteStartArray("stop_sequences"u8);
            foreach (string stopSequence in stopSequences)
            {
                writer.WriteStringValue(stopSequence);
            }

            writer.WriteEndArray();
        }

        if (stream is { } streamed)
        {
            writer.WriteBoolean("stream"u8, streamed);
        }

        writer.WriteEndObject();
    }

    private static bool IsPlain(MessageRequest request)
    {
        if (request.Model is null || request.Messages is null || request.Metadata is not null || request.Tools is not null
            || request.ToolChoice is not null || request.Thinking is not null || request.AdditionalProperties is { Count: > 0 }
            || request.System is { Text: null })
        {
            return false;
        }

        if (request.StopSequences is { } stopSequences)
        {
            foreach (string? stopSequence in stopSequences)
            {
                if (stopSequence is null)
                {
                    return false;
                }
            }
        }

        // Indexed: the list is an interface, and its enumerator would be boxed on every call.
        IReadOnlyList<MessageParam> messages = request.Messages;
        for (int i = 0; i < messages.Count; i++)
        {
            MessageParam? message = messages[i];
            if (message?.Content is not { } content || message.AdditionalProperties is { Count: > 0 })
            {
                return false;
            }

            if (content.Text is null && !IsPlainText(content.Blocks))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlainText(IReadOnlyList<ContentBlock>? blocks)
    {
        if (blocks is null)
        {
            return false;
        }

        foreach (ContentBlock? block in blocks)
        {
            if (block is not TextBlock { Text: not null, CacheControl: null, Citations: null, AdditionalProperties: null or { Count: 0 } })
            {
                return false;
            }
        }

        return true;
    }
}
#endif
