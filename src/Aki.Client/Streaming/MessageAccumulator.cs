using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// Folds stream events into the <see cref="Message"/> they describe, following the Messages API's rules: blocks
/// keyed by index (several may be open at once), text and thinking appended, tool-argument fragments joined and
/// parsed when the block stops, signatures replaced, usage totals replaced. Use it to rebuild a message from
/// events you forwarded or stored; <see cref="MessageStream.GetFinalMessageAsync"/> uses one internally.
/// Not thread-safe.
/// </summary>
public sealed class MessageAccumulator
{
    // Indexes count up from 0; a start far beyond the last block is corrupt and is ignored rather than allowed to
    // allocate a list of that length.
    private const int MaxIndexGap = 1024;

    private readonly List<BlockState?> _blocks = [];
    private Message? _start;
    private StopReason? _stopReason;
    private string? _stopSequence;
    private Usage? _usage;
    private Dictionary<string, JsonElement>? _extra;
    private Message? _snapshot;

    /// <summary>Whether a <see cref="MessageStartEvent"/> has been added.</summary>
    public bool HasStarted => _start is not null;

    /// <summary>Whether a <see cref="MessageStopEvent"/> has been added: the message is complete.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>
    /// Adds one event. Events of unknown types, deltas for blocks that never started, and block starts more than 1,024
    /// indexes beyond the last block are ignored.
    /// </summary>
    /// <param name="streamEvent">The next event, in stream order.</param>
    public void Add(MessageStreamEvent streamEvent)
    {
        _snapshot = null;
        switch (streamEvent)
        {
            case ContentBlockDeltaEvent delta:
                AddDelta(delta);
                break;
            case ContentBlockStartEvent start when start.Index >= 0 && start.Index <= _blocks.Count + MaxIndexGap:
                while (_blocks.Count <= start.Index)
                {
                    _blocks.Add(null);
                }

                _blocks[start.Index] = new BlockState(start.ContentBlock);
                break;
            case ContentBlockStopEvent stop when Block(stop.Index) is { } block:
                block.Stop();
                break;
            case MessageStartEvent start:
                _start = start.Message;
                _usage = start.Message.Usage;
                _stopReason ??= start.Message.StopReason;
                _stopSequence ??= start.Message.StopSequence;
                break;
            case MessageDeltaEvent messageDelta:
                AddMessageDelta(messageDelta);
                break;
            case MessageStopEvent:
                IsComplete = true;
                break;
            case null:
                throw new ArgumentNullException(nameof(streamEvent));
        }
    }

    /// <summary>
    /// The message as accumulated so far. Tool calls whose block has not stopped carry their raw argument text in
    /// <see cref="ToolUseBlock.IncompleteInputJson"/>. Before any <see cref="MessageStartEvent"/>, an empty message.
    /// </summary>
    public Message ToMessage()
    {
        if (_snapshot is not null)
        {
            return _snapshot;
        }

        Message start = _start ?? new Message();
        var content = new List<ContentBlock>(_blocks.Count);
        foreach (BlockState? block in _blocks)
        {
            if (block is not null)
            {
                content.Add(block.Build());
            }
        }

        Message message = start with
        {
            Content = content,
            StopReason = _stopReason,
            StopSequence = _stopSequence,
            Usage = _usage ?? start.Usage,
            AdditionalProperties = Merge(start.AdditionalProperties, _extra),
        };
        if (IsComplete)
        {
            _snapshot = message;
        }

        return message;
    }

    private BlockState? Block(int index) => index >= 0 && index < _blocks.Count ? _blocks[index] : null;

    private void AddDelta(ContentBlockDeltaEvent delta)
    {
        if (Block(delta.Index) is not { } block)
        {
            return;
        }

        switch (delta.Delta)
        {
            case TextDelta text:
                block.AppendText(text.Text);
                break;
            case InputJsonDelta json:
                block.AppendJson(json.PartialJson);
                break;
            case ThinkingDelta thinking:
                block.AppendText(thinking.Thinking);
                break;
            case SignatureDelta signature:
                block.Signature = signature.Signature;
                break;
            case CitationsDelta citation:
                (block.Citations ??= []).Add(citation.Citation);
                break;
        }
    }

    private void AddMessageDelta(MessageDeltaEvent messageDelta)
    {
        MessageDelta delta = messageDelta.Delta;
        if (delta.StopReason is { } stopReason)
        {
            _stopReason = stopReason;
        }

        if (delta.StopSequence is not null)
        {
            _stopSequence = delta.StopSequence;
        }

        if (delta.AdditionalProperties is { Count: > 0 } extra)
        {
            _extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, JsonElement> pair in extra)
            {
                _extra[pair.Key] = pair.Value;
            }
        }

        if (messageDelta.Usage is { } usage)
        {
            // Totals, not increments: each reported field replaces the earlier value.
            Usage current = _usage ?? new Usage();
            IDictionary<string, JsonElement>? unmodelled = usage.AdditionalProperties;
            string? serviceTier = current.ServiceTier;
            CacheCreationUsage? cacheCreation = current.CacheCreation;
            TakeModelledUsage(ref unmodelled, ref serviceTier, ref cacheCreation);
            _usage = current with
            {
                InputTokens = usage.InputTokens ?? current.InputTokens,
                OutputTokens = usage.OutputTokens ?? current.OutputTokens,
                CacheCreationInputTokens = usage.CacheCreationInputTokens ?? current.CacheCreationInputTokens,
                CacheReadInputTokens = usage.CacheReadInputTokens ?? current.CacheReadInputTokens,
                ServiceTier = serviceTier,
                CacheCreation = cacheCreation,
                AdditionalProperties = Merge(current.AdditionalProperties, unmodelled),
            };
        }
    }

    /// <summary>
    /// <see cref="Usage"/> models <c>service_tier</c> and <c>cache_creation</c>, <see cref="MessageDeltaUsage"/> does not,
    /// so in a <c>message_delta</c> they arrive as extension data. Move them onto the typed properties (replacing, as every
    /// total does): otherwise the message would keep the stale typed value and write the field twice.
    /// </summary>
    private static void TakeModelledUsage(ref IDictionary<string, JsonElement>? extra, ref string? serviceTier, ref CacheCreationUsage? cacheCreation)
    {
        if (extra is null || (!extra.ContainsKey("service_tier") && !extra.ContainsKey("cache_creation")))
        {
            return;
        }

        var rest = new Dictionary<string, JsonElement>(extra, StringComparer.Ordinal);
        if (rest.TryGetValue("service_tier", out JsonElement tier))
        {
            rest.Remove("service_tier");
            serviceTier = tier.ValueKind == JsonValueKind.String ? tier.GetString() : serviceTier;
        }

        if (rest.TryGetValue("cache_creation", out JsonElement breakdown))
        {
            rest.Remove("cache_creation");
            cacheCreation = breakdown.ValueKind == JsonValueKind.Object
                ? breakdown.Deserialize(AkiJsonContext.Default.CacheCreationUsage) ?? cacheCreation
                : cacheCreation;
        }

        extra = rest;
    }

    private static IDictionary<string, JsonElement>? Merge(IDictionary<string, JsonElement>? first, IDictionary<string, JsonElement>? second)
    {
        if (second is not { Count: > 0 })
        {
            return first;
        }

        var merged = first is null
            ? new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            : new Dictionary<string, JsonElement>(first, StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonElement> pair in second)
        {
            merged[pair.Key] = pair.Value;
        }

        return merged;
    }

    /// <summary>
    /// One block being accumulated. Text and argument fragments go into pooled buffers (chars for text, UTF-8 bytes for
    /// JSON) instead of string builders; when the block stops it is built once and the buffers go back to the pool.
    /// </summary>
    private sealed class BlockState
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
}
