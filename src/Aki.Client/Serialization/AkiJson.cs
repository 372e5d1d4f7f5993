using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Serialization;
using Aki.Client.Streaming;

namespace Aki.Client;

/// <summary>
/// Reads and writes the Anthropic Messages wire format: request bodies, messages, and stream events as server-sent
/// event frames. Source-generated throughout (no reflection), so it is trim- and AOT-safe. Fields the SDK does not
/// model are kept and written back in place, so a body read here and written again is the same JSON. Use it to
/// build an Anthropic-compatible endpoint in front of AKI.IO (docs/lossless-json.md).
/// </summary>
public static class AkiJson
{
    // Non-ASCII text is written as UTF-8, as the API writes it, rather than as \u escapes; the output is JSON for
    // HTTP bodies and event streams, never embedded in HTML.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads an Anthropic-format <c>POST /v1/messages</c> request body.</summary>
    /// <param name="utf8Json">The body as UTF-8 JSON.</param>
    /// <returns>The request; <see cref="MessageRequest.IsStreamRequested"/> tells whether it asked for a stream.</returns>
    /// <exception cref="ArgumentException">The body is not valid JSON or not a request object (the message says where).</exception>
    public static MessageRequest ParseRequest(ReadOnlySpan<byte> utf8Json) =>
        Parse(utf8Json, AkiJsonContext.Default.MessageRequest, "an Anthropic Messages request");

    /// <summary>Reads an Anthropic-format request body given as text.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException">The body is not valid JSON or not a request object.</exception>
    public static MessageRequest ParseRequest(string json) => ParseRequest(Utf8(json, nameof(json)));

    /// <summary>Reads a message: the body of a non-streaming <c>POST /v1/messages</c> response.</summary>
    /// <param name="utf8Json">The body as UTF-8 JSON.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentException">The body is not valid JSON or not a message object.</exception>
    public static Message ParseMessage(ReadOnlySpan<byte> utf8Json) =>
        Parse(utf8Json, AkiJsonContext.Default.Message, "an Anthropic message");

    /// <summary>Reads a message given as text.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentException">The body is not valid JSON or not a message object.</exception>
    public static Message ParseMessage(string json) => ParseMessage(Utf8(json, nameof(json)));

    /// <summary>Writes a request as the JSON body the SDK would send (without the defaults the client fills in).</summary>
    /// <param name="request">The request.</param>
    /// <returns>UTF-8 JSON.</returns>
    /// <exception cref="ArgumentException">The request holds something that cannot be written (the message names the field).</exception>
    public static byte[] SerializeToUtf8Bytes(MessageRequest request)
    {
        RequestValidator.ValidateWritable(request ?? throw new ArgumentNullException(nameof(request)));
        return Serialize(request, AkiJsonContext.Default.MessageRequest);
    }

    /// <summary>Writes a message as the API writes a response body.</summary>
    /// <param name="message">The message.</param>
    /// <returns>UTF-8 JSON.</returns>
    /// <exception cref="ArgumentException">The message holds a tool call whose input was cut off.</exception>
    public static byte[] SerializeToUtf8Bytes(Message message) =>
        Serialize(message ?? throw new ArgumentNullException(nameof(message)), AkiJsonContext.Default.Message);

    /// <summary>Writes an event's data: the JSON of its <c>data:</c> line.</summary>
    /// <param name="streamEvent">The event.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] SerializeToUtf8Bytes(MessageStreamEvent streamEvent)
    {
        if (streamEvent is null)
        {
            throw new ArgumentNullException(nameof(streamEvent));
        }

        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            StreamEventJson.Write(writer, streamEvent);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes a request into a caller's writer.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="request">The request.</param>
    /// <exception cref="ArgumentException">The request holds something that cannot be written.</exception>
    public static void Write(Utf8JsonWriter writer, MessageRequest request)
    {
        RequestValidator.ValidateWritable(request ?? throw new ArgumentNullException(nameof(request)));
        JsonSerializer.Serialize(writer ?? throw new ArgumentNullException(nameof(writer)), request, AkiJsonContext.Default.MessageRequest);
    }

    /// <summary>Writes a message into a caller's writer.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="message">The message.</param>
    public static void Write(Utf8JsonWriter writer, Message message) =>
        JsonSerializer.Serialize(writer ?? throw new ArgumentNullException(nameof(writer)), message ?? throw new ArgumentNullException(nameof(message)), AkiJsonContext.Default.Message);

    /// <summary>Writes an event's data into a caller's writer.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="streamEvent">The event.</param>
    public static void Write(Utf8JsonWriter writer, MessageStreamEvent streamEvent) =>
        StreamEventJson.Write(writer ?? throw new ArgumentNullException(nameof(writer)), streamEvent ?? throw new ArgumentNullException(nameof(streamEvent)));

    /// <summary>
    /// Writes an event as the API frames it: <c>event: NAME\ndata: JSON\n\n</c>. An event read without a name
    /// (a data-only stream) is written with the name its data's <c>type</c> gives.
    /// </summary>
    /// <param name="streamEvent">The event.</param>
    /// <returns>The frame's UTF-8 bytes.</returns>
    public static byte[] ToServerSentEvent(MessageStreamEvent streamEvent)
    {
        var buffer = new GrowingBuffer();
        WriteServerSentEvent(buffer, streamEvent);
        return buffer.ToArray();
    }

    /// <summary>Writes an event's frame (<c>event: NAME\ndata: JSON\n\n</c>) into a buffer, for relaying a stream.</summary>
    /// <param name="destination">Where the bytes go, such as an ASP.NET response's <c>BodyWriter</c>.</param>
    /// <param name="streamEvent">The event.</param>
    public static void WriteServerSentEvent(IBufferWriter<byte> destination, MessageStreamEvent streamEvent)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        if (streamEvent is null)
        {
            throw new ArgumentNullException(nameof(streamEvent));
        }

        string name = streamEvent.Type;
        if (name.Length > 0)
        {
            Append(destination, "event: "u8);
            Append(destination, Encoding.UTF8.GetBytes(name));
            Append(destination, "\n"u8);
        }

        if (streamEvent is UnknownStreamEvent { RawData: { } text })
        {
            // Data that was not JSON goes back as it came, one data line per line.
            foreach (string line in text.Split('\n'))
            {
                Append(destination, "data: "u8);
                Append(destination, Encoding.UTF8.GetBytes(line));
                Append(destination, "\n"u8);
            }

            Append(destination, "\n"u8);
            return;
        }

        Append(destination, "data: "u8);
        WriteEventData(destination, streamEvent);
        Append(destination, "\n\n"u8);
    }

    /// <summary>Reads one event from its name and data, as a stream delivers them.</summary>
    /// <param name="eventName">The <c>event:</c> name; null or empty when the stream sends data only (the data's <c>type</c> decides).</param>
    /// <param name="data">The <c>data:</c> bytes.</param>
    /// <returns>
    /// The typed event; an <c>error</c> event and any event the SDK does not know come back as
    /// <see cref="UnknownStreamEvent"/> with their data kept (<see cref="MessagesClient.StreamAsync"/> turns errors into exceptions instead).
    /// </returns>
    /// <exception cref="ArgumentException">The data is not valid JSON of the event's shape.</exception>
    public static MessageStreamEvent ParseEvent(string? eventName, ReadOnlySpan<byte> data) =>
        StreamEventJson.Parse(eventName is null ? default : Encoding.UTF8.GetBytes(eventName), data);

    /// <summary>
    /// Reads the events of a <c>text/event-stream</c> body (a recording, or a response being relayed) until it ends.
    /// A <c>data: [DONE]</c> frame ends the stream, as the client does.
    /// </summary>
    /// <param name="stream">The body.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The events, in order.</returns>
    /// <exception cref="ArgumentException">An event's data is not valid JSON of its shape.</exception>
    /// <exception cref="AkiUnexpectedResponseException">An event is larger than 16 MiB.</exception>
    public static async IAsyncEnumerable<MessageStreamEvent> ReadServerSentEventsAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        using var framer = new SseFramer(stream);
        var ready = new List<MessageStreamEvent>();
        while (true)
        {
            bool done = Drain(framer, ready);
            foreach (MessageStreamEvent streamEvent in ready)
            {
                yield return streamEvent;
            }

            ready.Clear();
            if (done || framer.IsCompleted)
            {
                yield break;
            }

            if (!await framer.FillAsync(cancellationToken).ConfigureAwait(false) && framer.IsCompleted)
            {
                yield break;
            }
        }
    }

    /// <summary>Parses every event already buffered (spans cannot cross an await); true when <c>[DONE]</c> was seen.</summary>
    private static bool Drain(SseFramer framer, List<MessageStreamEvent> ready)
    {
        while (framer.TryReadEvent(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data))
        {
            StreamEventParser.Kind kind = StreamEventParser.Classify(name, data);
            if (kind == StreamEventParser.Kind.Done)
            {
                return true;
            }

            ready.Add(StreamEventJson.Parse(kind, name, data));
        }

        return false;
    }

    private static void WriteEventData(IBufferWriter<byte> destination, MessageStreamEvent streamEvent)
    {
        using var writer = new Utf8JsonWriter(destination, s_writerOptions);
        StreamEventJson.Write(writer, streamEvent);
    }

    private static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new MemoryStream(1024);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return buffer.ToArray();
    }

    private static T Parse<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, typeInfo) ?? throw new ArgumentException($"The JSON is null, not {what}.", nameof(utf8Json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The JSON is not {what}: {e.Message}", nameof(utf8Json), e);
        }
    }

    private static void Append(IBufferWriter<byte> destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination.GetSpan(bytes.Length));
        destination.Advance(bytes.Length);
    }

    private static byte[] Utf8(string json, string parameter) =>
        Encoding.UTF8.GetBytes(json ?? throw new ArgumentNullException(parameter));
}
