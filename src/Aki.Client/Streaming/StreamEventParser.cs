using System;
using System.Text;
using System.Text.Json;
using Aki.Client.Serialization;

namespace Aki.Client.Streaming;

/// <summary>
/// Turns one SSE event (name and data as UTF-8 bytes) into a typed event. Text and tool-argument deltas, nearly
/// every event of a stream, are matched byte for byte in their usual shape (<c>DeltaScanner</c>, on .NET) or
/// read by hand with <see cref="Utf8JsonReader"/>, and so are the events around them in their usual shapes
/// (<see cref="StructuralEventReader"/>); everything else goes through the source-generated metadata.
/// </summary>
internal static class StreamEventParser
{
    internal enum Kind
    {
        Unknown,
        MessageStart,
        ContentBlockStart,
        ContentBlockDelta,
        ContentBlockStop,
        MessageDelta,
        MessageStop,
        Ping,
        Error,
        Done,
    }

    private static readonly PingEvent s_ping = new();
    private static readonly MessageStopEvent s_stop = new();

    /// <summary>Classifies an event by its name, falling back to the data's <c>type</c> when the name is absent or generic.</summary>
    public static Kind Classify(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        Kind kind = KindOf(eventName);
        if (kind != Kind.Unknown)
        {
            return kind;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return Kind.Done;
        }

        if (eventName.Length == 0 || eventName.SequenceEqual("message"u8))
        {
            // No event line (or the default "message"): the data's own type decides, as tolerant clients do.
            try
            {
                var reader = new Utf8JsonReader(data);
                if (reader.Read() && reader.TokenType == JsonTokenType.StartObject && JsonPeek.TryFindStringProperty(ref reader, "type"u8))
                {
                    return KindOf(reader.ValueSpan);
                }
            }
            catch (JsonException)
            {
                return Kind.Unknown;
            }
        }

        return Kind.Unknown;
    }

    /// <summary>Parses the data of an event already classified (not <see cref="Kind.Error"/> or <see cref="Kind.Done"/>).</summary>
    /// <exception cref="JsonException">The data is not valid UTF-8 JSON of the expected shape, or lacks a member its type requires.</exception>
    public static MessageStreamEvent Parse(Kind kind, ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        try
        {
            return ParseCore(kind, eventName, data);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString and JsonElement.GetString throw this for a string that is not valid UTF-8
            // (the hot delta path reads strings by hand): data that is not its event type, like any other.
            throw new JsonException("The event data is not valid UTF-8 JSON: " + e.Message, e);
        }
        catch (ArgumentNullException e)
        {
            // A record's constructor refusing a member the JSON gave as null or left out (an input_json_delta with
            // no partial_json): data that is not its event type, not an argument error of the caller's.
            throw new JsonException("The event data lacks a member its type requires: " + e.Message, e);
        }
    }

    private static MessageStreamEvent ParseCore(Kind kind, ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
#if NET
        // The events around the deltas in a shape servers write, byte for byte; else read by hand, else by the serializer.
        if (kind != Kind.ContentBlockDelta && EventTemplates.TryRead(kind, data) is { } templated)
        {
            return templated;
        }
#endif

        AkiJsonContext context = AkiJsonContext.Default;
        return kind switch
        {
            Kind.ContentBlockDelta => ReadDelta(data),
            Kind.MessageStart => StructuralEventReader.TryReadMessageStart(data) ?? Complete(Required(JsonSerializer.Deserialize(data, context.MessageStartEvent))),
            Kind.ContentBlockStart => StructuralEventReader.TryReadContentBlockStart(data) ?? Complete(Required(JsonSerializer.Deserialize(data, context.ContentBlockStartEvent))),
            Kind.ContentBlockStop => StructuralEventReader.TryReadContentBlockStop(data) ?? Required(JsonSerializer.Deserialize(data, context.ContentBlockStopEvent)),
            Kind.MessageDelta => StructuralEventReader.TryReadMessageDelta(data) ?? Complete(Required(JsonSerializer.Deserialize(data, context.MessageDeltaEvent))),
            Kind.MessageStop => Simple(data, "message_stop"u8, "{\"type\":\"message_stop\"}"u8, s_stop, context.MessageStopEvent),
            Kind.Ping => Simple(data, "ping"u8, "{\"type\":\"ping\"}"u8, s_ping, context.PingEvent),
            _ => Unknown(eventName, data),
        };
    }

    /// <summary>
    /// A delta: the usual shape matched byte for byte where the runtime has the vectorized search for it
    /// (<c>DeltaScanner</c>), else read by hand with <see cref="Utf8JsonReader"/>, else by the serializer.
    /// </summary>
    private static ContentBlockDeltaEvent ReadDelta(ReadOnlySpan<byte> data) =>
#if NET
        DeltaScanner.TryRead(data) ??
#endif
        TryParseHotDelta(data) ?? Complete(Required(JsonSerializer.Deserialize(data, AkiJsonContext.Default.ContentBlockDeltaEvent)));

    /// <summary>
    /// A <c>ping</c> or <c>message_stop</c>: the shared instance when the data says nothing more, else the data read so
    /// that its unknown fields are kept. These events carry nothing the stream needs, so data that is not JSON of their
    /// shape is tolerated rather than failing the stream.
    /// </summary>
    private static T Simple<T>(ReadOnlySpan<byte> data, ReadOnlySpan<byte> type, ReadOnlySpan<byte> usual, T shared, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : MessageStreamEvent
    {
        // The shape servers write, byte for byte, needs no reader.
        if (data.SequenceEqual(usual) || IsBare(data, type))
        {
            return shared;
        }

        try
        {
            return JsonSerializer.Deserialize(data, typeInfo) ?? shared;
        }
        catch (JsonException)
        {
            return shared;
        }
    }

    /// <summary>
    /// Whether the data is nothing but <c>{"type":"NAME"}</c> (spaces allowed), so that the shared event can stand for
    /// it; anything more takes the general path, which keeps unknown fields.
    /// </summary>
    private static bool IsBare(ReadOnlySpan<byte> data, ReadOnlySpan<byte> type)
    {
        if (data.IsEmpty)
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(data);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("type"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(type)
                && reader.Read() && reader.TokenType == JsonTokenType.EndObject
                && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Kind KindOf(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("content_block_delta"u8) ? Kind.ContentBlockDelta
        : name.SequenceEqual("content_block_start"u8) ? Kind.ContentBlockStart
        : name.SequenceEqual("content_block_stop"u8) ? Kind.ContentBlockStop
        : name.SequenceEqual("message_start"u8) ? Kind.MessageStart
        : name.SequenceEqual("message_delta"u8) ? Kind.MessageDelta
        : name.SequenceEqual("message_stop"u8) ? Kind.MessageStop
        : name.SequenceEqual("ping"u8) ? Kind.Ping
        : name.SequenceEqual("error"u8) ? Kind.Error
        : Kind.Unknown;

    /// <summary>
    /// The hot path: <c>{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"..."}}</c>
    /// (or <c>input_json_delta</c>/<c>partial_json</c>), properties in any order. Anything else returns null and
    /// takes the general path.
    /// </summary>
    internal static ContentBlockDeltaEvent? TryParseHotDelta(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        int index = -1;
        int deltaKind = 0;
        int valueKind = 0;
        string? value = null;
        byte[]? json = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                if (!reader.Read() || !reader.TryGetInt32(out index))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        deltaKind = reader.TokenType != JsonTokenType.String ? -1
                            : reader.ValueTextEquals("text_delta"u8) ? 1
                            : reader.ValueTextEquals("input_json_delta"u8) ? 2
                            : -1;
                        if (deltaKind < 0)
                        {
                            return null;
                        }
                    }
                    else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("partial_json"u8))
                    {
                        valueKind = reader.ValueTextEquals("text"u8) ? 1 : 2;
                        if (!reader.Read() || reader.TokenType != JsonTokenType.String || value is not null || json is not null)
                        {
                            return null;
                        }

                        // Tool-argument fragments stay UTF-8: the accumulator joins bytes, and a string is made only
                        // if the caller reads the fragment.
                        if (valueKind == 1)
                        {
                            value = reader.GetString();
                        }
                        else
                        {
                            json = Unescaped(ref reader);
                        }
                    }
                    else
                    {
                        // A field the hot path does not model: the general path keeps it (extension data).
                        return null;
                    }
                }
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                reader.Skip();
            }
            else
            {
                return null;
            }
        }

        if (index < 0 || deltaKind <= 0 || deltaKind != valueKind || (value is null && json is null))
        {
            return null;
        }

        return new ContentBlockDeltaEvent(index, deltaKind == 1 ? new TextDelta(value!) : new InputJsonDelta(json!));
    }

    /// <summary>The current string token's value as unescaped UTF-8, checked to be valid UTF-8 as a string would be.</summary>
    private static byte[] Unescaped(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.ValueSpan;
        byte[] unescaped;
        if (!reader.ValueIsEscaped)
        {
            unescaped = raw.ToArray();
        }
        else
        {
            // Unescaping never lengthens: the escaped form is at least as long as what it stands for.
            byte[]? rented = raw.Length > 256 ? System.Buffers.ArrayPool<byte>.Shared.Rent(raw.Length) : null;
            Span<byte> scratch = rented ?? stackalloc byte[256];
            try
            {
                unescaped = scratch.Slice(0, reader.CopyString(scratch)).ToArray();
            }
            catch (InvalidOperationException e)
            {
                throw new JsonException("A tool-argument fragment (partial_json) is not valid UTF-8.", e);
            }
            finally
            {
                if (rented is not null)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        if (!IsValidUtf8(unescaped))
        {
            throw new JsonException("A tool-argument fragment (partial_json) is not valid UTF-8.");
        }

        return unescaped;
    }

#if NET
    private static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
#else
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool IsValidUtf8(byte[] bytes)
    {
        try
        {
            s_strictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
#endif

    private static UnknownStreamEvent Unknown(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        JsonElement element = default;
        string name = eventName.Length > 0 ? Utf8(eventName) : string.Empty;
        try
        {
            var reader = new Utf8JsonReader(data);
            element = JsonElement.ParseValue(ref reader);
            if ((name.Length == 0 || name == "message") && element.ValueKind == JsonValueKind.Object
                && element.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String)
            {
                name = type.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: an unknown event keeps its name and nothing else.
        }

        return new UnknownStreamEvent(name, element);
    }

    // The records' members are non-nullable, but the JSON can leave them out: a missing one must fail here, as data
    // that is not its event type, rather than reach the caller as a null.
    private static MessageStartEvent Complete(MessageStartEvent value) =>
        value.Message is null ? throw Missing("message_start", "message") : value;

    private static ContentBlockStartEvent Complete(ContentBlockStartEvent value) =>
        value.ContentBlock is null ? throw Missing("content_block_start", "content_block") : value;

    private static ContentBlockDeltaEvent Complete(ContentBlockDeltaEvent value) => value.Delta switch
    {
        null => throw Missing("content_block_delta", "delta"),
        TextDelta { Text: null } => throw Missing("text_delta", "text"),
        ThinkingDelta { Thinking: null } => throw Missing("thinking_delta", "thinking"),
        SignatureDelta { Signature: null } => throw Missing("signature_delta", "signature"),
        _ => value,
    };

    // Some servers send only usage in a message_delta: no delta means no stop reason yet, not a broken event.
    private static MessageDeltaEvent Complete(MessageDeltaEvent value) =>
        value.Delta is null ? value with { Delta = new MessageDelta() } : value;

    private static JsonException Missing(string type, string member) => new($"The {type} event has no \"{member}\".");

    private static T Required<T>(T? value)
        where T : class =>
        value ?? throw new JsonException($"The event data was null where a {typeof(T).Name} was expected.");

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
#if NET
        return Encoding.UTF8.GetString(bytes);
#else
        return Encoding.UTF8.GetString(bytes.ToArray());
#endif
    }
}
