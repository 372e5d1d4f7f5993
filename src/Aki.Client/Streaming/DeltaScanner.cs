#if NET
using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;

namespace Aki.Client.Streaming;

/// <summary>
/// The hottest path of a stream, for the shapes servers write:
/// <c>{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"..."}}</c>, or the same with
/// <c>thinking_delta</c> and <c>thinking</c> or <c>input_json_delta</c> and <c>partial_json</c>, with whitespace
/// allowed only after the inner object's closing brace and after the outer one; or with the index last, as AKI.IO's
/// open-model servers write it (<c>{"type":"content_block_delta","delta":{...},"index":N}</c>, whitespace only at
/// the end). The structure is matched byte for byte and only the string is read, so no JSON tokenizer runs. Anything
/// else (another member order, a member more, whitespace inside, an index that is not a plain integer, a string that
/// is not valid UTF-8, holds a raw control character or a lone surrogate escape) returns null and is read by
/// <see cref="System.Text.Json.Utf8JsonReader"/>, which stays the reference: property tests hold this scanner to the
/// serializer's reading of the same data.
/// </summary>
internal static class DeltaScanner
{
    // What ends a plain run inside a JSON string: the closing quote, an escape, or a control character, which JSON
    // does not allow raw.
    private static readonly SearchValues<byte> s_stringStops = SearchValues.Create(
        [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
         0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F,
         (byte)'"', (byte)'\\']);

    // A string that is not valid UTF-8 throws rather than gaining replacement characters, as the JSON reader refuses it.
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> Prefix => "{\"type\":\"content_block_delta\",\"index\":"u8;

    // AKI.IO's open-model servers put the index last: {"type":"content_block_delta","delta":{...},"index":N}.
    private static ReadOnlySpan<byte> IndexLastPrefix => "{\"type\":\"content_block_delta\","u8;

    private static ReadOnlySpan<byte> IndexLastMember => "},\"index\":"u8;

    private static ReadOnlySpan<byte> TextMiddle => ",\"delta\":{\"type\":\"text_delta\",\"text\":\""u8;

    private static ReadOnlySpan<byte> ThinkingMiddle => ",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\""u8;

    private static ReadOnlySpan<byte> ToolMiddle => ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\""u8;

    /// <summary>The delta event the data holds when it has the usual shape exactly; null when the reader must decide.</summary>
    public static ContentBlockDeltaEvent? TryRead(ReadOnlySpan<byte> data)
    {
        int index = -1;
        ReadOnlySpan<byte> rest;
        if (data.StartsWith(Prefix))
        {
            rest = data.Slice(Prefix.Length);
            if (!TryReadIndex(ref rest, out index))
            {
                return null;
            }
        }
        else if (data.StartsWith(IndexLastPrefix))
        {
            // The delta member without the comma that follows the index in the other order.
            rest = data.Slice(IndexLastPrefix.Length - 1);
        }
        else
        {
            return null;
        }

        DeltaKind kind;
        if (rest.StartsWith(TextMiddle))
        {
            kind = DeltaKind.Text;
            rest = rest.Slice(TextMiddle.Length);
        }
        else if (rest.StartsWith(ToolMiddle))
        {
            kind = DeltaKind.ToolArguments;
            rest = rest.Slice(ToolMiddle.Length);
        }
        else if (rest.StartsWith(ThinkingMiddle))
        {
            kind = DeltaKind.Thinking;
            rest = rest.Slice(ThinkingMiddle.Length);
        }
        else
        {
            return null;
        }

        int stop = rest.IndexOfAny(s_stringStops);
        if (stop < 0 || (rest[stop] != '"' && rest[stop] != '\\'))
        {
            return null;
        }

        bool escaped = rest[stop] == '\\';
        int close = escaped ? FindClosingQuote(rest, stop) : stop;
        if (close < 0 || !(index >= 0 ? EndsTheEvent(rest.Slice(close + 1)) : EndsWithIndex(rest.Slice(close + 1), out index)))
        {
            return null;
        }

        ReadOnlySpan<byte> raw = rest.Slice(0, close);
        return escaped ? FromEscaped(index, kind, raw) : FromPlain(index, kind, raw);
    }

    /// <summary>A non-negative integer without a leading zero, of at most nine digits so that it fits an <see cref="int"/>.</summary>
    private static bool TryReadIndex(ref ReadOnlySpan<byte> rest, out int index)
    {
        index = 0;
        int digits = 0;
        while (digits < rest.Length && (uint)(rest[digits] - '0') <= 9)
        {
            if (++digits > 9)
            {
                return false;
            }

            index = (index * 10) + (rest[digits - 1] - '0');
        }

        if (digits == 0 || (digits > 1 && rest[0] == '0'))
        {
            return false;
        }

        rest = rest.Slice(digits);
        return true;
    }

    /// <summary>The position of the string's closing quote, from the first escape on; -1 for a bad escape, a raw control character or no end.</summary>
    private static int FindClosingQuote(ReadOnlySpan<byte> value, int position)
    {
        while (true)
        {
            // At an escape: a backslash and one of the escape characters, or u and four hex digits.
            if (position + 1 >= value.Length)
            {
                return -1;
            }

            switch (value[position + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    position += 2;
                    break;
                case (byte)'u' when position + 5 < value.Length && TryReadHex(value.Slice(position + 2, 4), out _):
                    position += 6;
                    break;
                default:
                    return -1;
            }

            int next = value.Slice(position).IndexOfAny(s_stringStops);
            if (next < 0)
            {
                return -1;
            }

            position += next;
            if (value[position] == '"')
            {
                return position;
            }

            if (value[position] != '\\')
            {
                return -1;
            }
        }
    }

    /// <summary>After the string: the two closing braces, JSON whitespace allowed after each, and nothing else.</summary>
    private static bool EndsTheEvent(ReadOnlySpan<byte> rest)
    {
        if (rest.Length < 2 || rest[0] != '}')
        {
            return false;
        }

        int i = 1;
        while (i < rest.Length && IsWhitespace(rest[i]))
        {
            i++;
        }

        if (i >= rest.Length || rest[i] != '}')
        {
            return false;
        }

        for (i++; i < rest.Length; i++)
        {
            if (!IsWhitespace(rest[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>After the string in the index-last order: <c>},"index":N}</c>, JSON whitespace allowed after it, and nothing else.</summary>
    private static bool EndsWithIndex(ReadOnlySpan<byte> rest, out int index)
    {
        index = -1;
        if (!rest.StartsWith(IndexLastMember))
        {
            return false;
        }

        rest = rest.Slice(IndexLastMember.Length);
        if (!TryReadIndex(ref rest, out index) || rest.IsEmpty || rest[0] != '}')
        {
            return false;
        }

        foreach (byte b in rest.Slice(1))
        {
            if (!IsWhitespace(b))
            {
                return false;
            }
        }

        return true;
    }

    private static ContentBlockDeltaEvent? FromPlain(int index, DeltaKind kind, ReadOnlySpan<byte> raw)
    {
        if (kind == DeltaKind.ToolArguments)
        {
            // Tool-argument fragments stay UTF-8: the accumulator joins bytes, and a string is made only if the
            // caller reads the fragment.
            return Utf8.IsValid(raw) ? new ContentBlockDeltaEvent(index, new InputJsonDelta(raw.ToArray())) : null;
        }

        string? value = Decode(raw);
        return value is null ? null
            : new ContentBlockDeltaEvent(index, kind == DeltaKind.Text ? new TextDelta(value) : new ThinkingDelta(value));
    }

    private static ContentBlockDeltaEvent? FromEscaped(int index, DeltaKind kind, ReadOnlySpan<byte> raw)
    {
        // Unescaping never lengthens: an escape is at least as long as the UTF-8 it stands for.
        byte[]? rented = raw.Length > 256 ? ArrayPool<byte>.Shared.Rent(raw.Length) : null;
        Span<byte> scratch = rented ?? stackalloc byte[256];
        try
        {
            int written = Unescape(raw, scratch);
            if (written < 0)
            {
                return null;
            }

            ReadOnlySpan<byte> unescaped = scratch.Slice(0, written);
            return FromPlain(index, kind, unescaped);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The string's UTF-8 with its escapes resolved; -1 for a surrogate escape that is not half of a pair.</summary>
    private static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        int written = 0;
        int i = 0;
        while (i < raw.Length)
        {
            int escape = raw.Slice(i).IndexOf((byte)'\\');
            if (escape < 0)
            {
                raw.Slice(i).CopyTo(destination.Slice(written));
                return written + raw.Length - i;
            }

            raw.Slice(i, escape).CopyTo(destination.Slice(written));
            written += escape;
            i += escape;

            // FindClosingQuote has checked every escape's form.
            byte kind = raw[i + 1];
            if (kind != 'u')
            {
                destination[written++] = kind switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => kind,
                };
                i += 2;
                continue;
            }

            TryReadHex(raw.Slice(i + 2, 4), out int unit);
            i += 6;
            int scalar = unit;
            if (unit is >= 0xD800 and <= 0xDFFF)
            {
                // A high surrogate followed at once by an escaped low one; anything else the reader refuses.
                if (unit > 0xDBFF || i + 6 > raw.Length || raw[i] != '\\' || raw[i + 1] != 'u')
                {
                    return -1;
                }

                TryReadHex(raw.Slice(i + 2, 4), out int low);
                if (low is < 0xDC00 or > 0xDFFF)
                {
                    return -1;
                }

                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }

            written += new Rune(scalar).EncodeToUtf8(destination.Slice(written));
        }

        return written;
    }

    private static string? Decode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return s_strictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsWhitespace(byte value) => value is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    /// <summary>Four hex digits, as a <c>\u</c> escape has them (no sign, no fewer digits).</summary>
    private static bool TryReadHex(ReadOnlySpan<byte> digits, out int value)
    {
        bool read = Utf8Parser.TryParse(digits, out ushort unit, out int consumed, 'X') && consumed == 4;
        value = unit;
        return read;
    }

    private enum DeltaKind
    {
        Text,
        Thinking,
        ToolArguments,
    }
}
#endif
