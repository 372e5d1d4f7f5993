using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Aki.Client.Streaming;

/// <summary>
/// One block being accumulated. Text and argument fragments go into pooled buffers (chars for text, UTF-8 bytes for
/// JSON) instead of string builders; when the block stops it is built once and the buffers go back to the pool.
/// </summary>
internal sealed class BlockState
{
    private static readonly JsonElement s_emptyObject = ParseEmptyObject();

    private readonly ContentBlock _start;
    private char[]? _text;
    private int _textLength;
    private byte[]? _json;
    private int _jsonLength;
    private ContentBlock? _sealed;

    public BlockState(ContentBlock start) => _start = start;

    public string? Signature { get; set; }

    public List<JsonElement>? Citations { get; set; }

    public void AppendText(string text)
    {
        if (_sealed is not null)
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
            _text = ArrayPool<char>.Shared.Rent(Math.Max(256, initial.Length + text.Length));
            initial.CopyTo(0, _text, 0, initial.Length);
            _textLength = initial.Length;
        }
        else if (_text.Length - _textLength < text.Length)
        {
            _text = Grow(_text, _textLength, _textLength + text.Length);
        }

        text.CopyTo(0, _text, _textLength, text.Length);
        _textLength += text.Length;
    }

    public void AppendJson(string fragment)
    {
        if (_sealed is not null)
        {
            return;
        }

        int most = Encoding.UTF8.GetMaxByteCount(fragment.Length);
        if (_json is null)
        {
            _json = ArrayPool<byte>.Shared.Rent(Math.Max(256, most));
        }
        else if (_json.Length - _jsonLength < most)
        {
            _json = Grow(_json, _jsonLength, _jsonLength + most);
        }

        _jsonLength += Encoding.UTF8.GetBytes(fragment, 0, fragment.Length, _json, _jsonLength);
    }

    /// <summary>The block stopped: build it for good and give the buffers back.</summary>
    public void Stop()
    {
        if (_sealed is null)
        {
            _sealed = BuildCore(stopped: true);
            Release();
        }
    }

    public ContentBlock Build() => _sealed ?? BuildCore(stopped: false);

    private ContentBlock BuildCore(bool stopped) => _start switch
    {
        TextBlock text => BuildText(text),
        ThinkingBlock thinking => thinking with
        {
            Thinking = _text is null ? thinking.Thinking ?? string.Empty : new string(_text, 0, _textLength),
            Signature = Signature ?? NullIfEmpty(thinking.Signature),
        },
        ToolUseBlock toolUse => BuildToolUse(toolUse, stopped),
        UnknownContentBlock unknown when _json is not null && stopped => BuildUnknownWithInput(unknown),
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

        string value = _text is null ? text.Text ?? string.Empty : new string(_text, 0, _textLength);
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

        if (stopped && TryValidate(out byte[]? json))
        {
            return json is null ? toolUse with { Input = s_emptyObject, IncompleteInputJson = null } : toolUse.WithValidatedInput(json);
        }

        // Cut off (no block stop, or JSON that does not parse): keep the text, never pretend it was {}.
        return toolUse with { Input = default, IncompleteInputJson = Encoding.UTF8.GetString(_json, 0, _jsonLength) };
    }

    private UnknownContentBlock BuildUnknownWithInput(UnknownContentBlock unknown)
    {
        // Server tool calls stream their input like tool_use; write the parsed input into the kept JSON.
        if (!TryParse(out JsonElement input) || unknown.Raw.ValueKind != JsonValueKind.Object)
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
    /// Checks that the joined fragments are one complete JSON value and copies them out of the pooled buffer; the
    /// parse into a <see cref="JsonElement"/> waits until the input is read. Null means only whitespace: <c>{}</c>.
    /// </summary>
    private bool TryValidate(out byte[]? json)
    {
        json = null;
        int end = TrimmedLength();
        if (end == 0)
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(_json.AsSpan(0, end));
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            if (reader.BytesConsumed != end)
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        json = _json.AsSpan(0, end).ToArray();
        return true;
    }

    private int TrimmedLength()
    {
        ReadOnlySpan<byte> json = _json.AsSpan(0, _jsonLength);
        int end = json.Length;
        while (end > 0 && json[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            end--;
        }

        return end;
    }

    /// <summary>Parses the joined fragments; only whitespace means <c>{}</c> (a tool without parameters).</summary>
    private bool TryParse(out JsonElement value)
    {
        ReadOnlySpan<byte> json = _json.AsSpan(0, _jsonLength);
        int end = TrimmedLength();
        if (end == 0)
        {
            value = s_emptyObject;
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(json.Slice(0, end));
            value = JsonElement.ParseValue(ref reader);
            if (reader.BytesConsumed == end)
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

    private void Release()
    {
        if (_text is not null)
        {
            ArrayPool<char>.Shared.Return(_text);
            _text = null;
        }

        if (_json is not null)
        {
            ArrayPool<byte>.Shared.Return(_json);
            _json = null;
        }
    }

    private static T[] Grow<T>(T[] buffer, int used, int needed)
    {
        T[] larger = ArrayPool<T>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
        Array.Copy(buffer, larger, used);
        ArrayPool<T>.Shared.Return(buffer);
        return larger;
    }

    private static JsonElement ParseEmptyObject()
    {
        using JsonDocument document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
