using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Aki.Client.Serialization;

namespace Aki.Client.Streaming;

/// <summary>
/// One block being accumulated. Text and argument fragments go into chunked buffers (chars for text, UTF-8 bytes for
/// JSON) that never copy on growth. When the block stops its text is joined with one copy; its arguments are parsed
/// when the block is built; either way the chunks then go back to the pool.
/// </summary>
internal sealed class BlockState
{
    /// <summary>
    /// The longest arguments parsed through the shared pool: what that pool then keeps is bounded (the joined copy and
    /// the document's metadata, about a megabyte at most), as with the pooled buffers the framework itself uses.
    /// </summary>
    internal const int LargestPooledArguments = 256 * 1024;

    private readonly ContentBlock _start;
    private ChunkedBuffer<char>? _text;
    private ChunkedBuffer<byte>? _json;
    private bool _stopped;
    private string? _joinedText;
    private ContentBlock? _sealed;

    public BlockState(ContentBlock start) => _start = start;

    public string? Signature { get; set; }

    public List<JsonElement>? Citations { get; set; }

    public void AppendText(string text)
    {
        if (_stopped)
        {
            return;
        }

        if (_text is null)
        {
            string initial = _start switch
            {
                TextBlock t => t.Text ?? string.Empty,
                ThinkingBlock t => t.Thinking ?? string.Empty,
                _ => string.Empty,
            };
            _text = new ChunkedBuffer<char>(initial.Length + text.Length);
            _text.Append(initial.AsSpan());
        }

        _text.Append(text.AsSpan());
    }

    public void AppendJson(string fragment)
    {
        if (_stopped)
        {
            return;
        }

        _json ??= new ChunkedBuffer<byte>();
        int most = Encoding.UTF8.GetMaxByteCount(fragment.Length);
        Span<byte> room = _json.GetSpan(most);
#if NET
        _json.Advance(Encoding.UTF8.GetBytes(fragment.AsSpan(), room));
#else
        byte[] encoded = Encoding.UTF8.GetBytes(fragment);
        encoded.CopyTo(room);
        _json.Advance(encoded.Length);
#endif
    }

    public void AppendJson(ReadOnlySpan<byte> utf8)
    {
        if (!_stopped)
        {
            (_json ??= new ChunkedBuffer<byte>()).Append(utf8);
        }
    }

    /// <summary>
    /// Marks the block finished. Text is joined into its exact-size string and its pooled chunks go back now (a stream
    /// read only for its events never builds its blocks). Tool arguments stay in their chunks, unparsed: the message
    /// built later joins, checks and parses them in one pass, and a stream read only for its events never pays for
    /// that.
    /// </summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (_text is not null)
        {
            _joinedText = TextValue(_text);
            _text.Release();
            _text = null;
        }
    }

    /// <summary>The block as it stands; a stopped block is built once, and then its chunks go back to the pool.</summary>
    public ContentBlock Build()
    {
        if (_sealed is not null)
        {
            return _sealed;
        }

        ContentBlock block = BuildCore(_stopped);
        if (_stopped)
        {
            _sealed = block;
            _joinedText = null;
            Release();
        }

        return block;
    }

    private ContentBlock BuildCore(bool stopped) => _start switch
    {
        TextBlock text => BuildText(text),
        ThinkingBlock thinking => thinking with
        {
            Thinking = Text() ?? thinking.Thinking ?? string.Empty,
            Signature = Signature ?? NullIfEmpty(thinking.Signature),
        },
        ToolUseBlock toolUse => BuildToolUse(toolUse, stopped),
        UnknownContentBlock unknown when _json is not null && stopped => BuildUnknownWithInput(unknown, _json.AsSequence()),
        _ => _start,
    };

    private TextBlock BuildText(TextBlock text)
    {
        IReadOnlyList<JsonElement>? citations = text.Citations;
        if (Citations is not null)
        {
            var all = new List<JsonElement>(citations ?? []);
            all.AddRange(Citations);
            citations = all;
        }

        string value = Text() ?? text.Text ?? string.Empty;
        return text with { Text = value, Citations = citations };
    }

    private ToolUseBlock BuildToolUse(ToolUseBlock toolUse, bool stopped)
    {
        if (_json is null)
        {
            // No fragments: the start event's input stands (servers that send the whole input up front),
            // unless the block never stopped, when the arguments were cut off before the first fragment.
            return stopped ? toolUse : toolUse with { Input = default, IncompleteInputJson = string.Empty };
        }

        // One pass over the chunks checks that the arguments are one complete JSON value and parses them.
        if (stopped && TryParse(_json.AsSequence(), out JsonElement input))
        {
            return toolUse with { Input = input, IncompleteInputJson = null };
        }

        // Cut off (no block stop, or JSON that does not parse): keep the text, never pretend it was {}.
        return toolUse with { Input = default, IncompleteInputJson = Encoding.UTF8.GetString(_json.ToArray()) };
    }

    private static UnknownContentBlock BuildUnknownWithInput(UnknownContentBlock unknown, ReadOnlySequence<byte> json)
    {
        // Server tool calls stream their input like tool_use; write the parsed input into the kept JSON.
        if (!TryParse(json, out JsonElement input) || unknown.Raw.ValueKind != JsonValueKind.Object)
        {
            return unknown;
        }

        using var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (JsonProperty property in unknown.Raw.EnumerateObject())
            {
                if (!property.NameEquals("input"))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WritePropertyName("input");
            input.WriteTo(writer);
            writer.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(output.ToArray());
        return new UnknownContentBlock(document.RootElement.Clone());
    }

    /// <summary>
    /// The joined fragments as one JSON value, surrounding whitespace allowed; nothing but whitespace reads as
    /// <c>{}</c> (a call without arguments). False when they are not exactly one complete value.
    /// </summary>
    private static bool TryParse(ReadOnlySequence<byte> json, out JsonElement value)
    {
        value = JsonValues.EmptyObject;
        if (IsWhitespace(json))
        {
            return true;
        }

        int length = checked((int)json.Length);
        if (length > LargestPooledArguments)
        {
            return TryParseLarge(json, out value);
        }

        // The chunks joined into a pooled array and parsed there in one pass (parsing from the chunks would read them
        // once to find the value's end, copy them and read the copy again); the element handed out is a clone of
        // exact size that owns its memory, and the pooled arrays go back. Parse refuses anything after the value but
        // whitespace.
        byte[] joined = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            json.CopyTo(joined);
            using JsonDocument document = JsonDocument.Parse(joined.AsMemory(0, length));
            value = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            value = default;
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    /// <summary>
    /// Arguments larger than <see cref="LargestPooledArguments"/> stay out of the shared pool: the joined copy and a
    /// pooled document's metadata (which grows to a few times the arguments) would be parked there. They are read from
    /// the chunks into a document that owns its memory, which reads them once to find the value's end and again to
    /// parse its copy.
    /// </summary>
    private static bool TryParseLarge(ReadOnlySequence<byte> json, out JsonElement value)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            value = JsonElement.ParseValue(ref reader);

            // Anything but whitespace after the value makes the reader throw.
            if (!reader.Read())
            {
                return true;
            }
        }
        catch (JsonException)
        {
        }

        value = default;
        return false;
    }

    private static bool IsWhitespace(ReadOnlySequence<byte> json)
    {
        foreach (ReadOnlyMemory<byte> chunk in json)
        {
            foreach (byte b in chunk.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The text so far: joined at the stop, or from the chunks while the block is open; null if none came.</summary>
    private string? Text() => _stopped ? _joinedText : _text is null ? null : TextValue(_text);

    private static string TextValue(ChunkedBuffer<char> text)
    {
        if (text.TryGetSingleChunk(out char[] chunk, out int length))
        {
            return new string(chunk, 0, length);
        }

#if NET
        return string.Create(text.Length, text, static (destination, source) => source.CopyTo(destination));
#else
        return new string(text.ToArray());
#endif
    }

    private void Release()
    {
        _text?.Release();
        _text = null;
        _json?.Release();
        _json = null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
