using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

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

    /// <summary>Adds one event. Events of unknown types and deltas for blocks that never started are ignored.</summary>
    /// <param name="streamEvent">The next event, in stream order.</param>
    public void Add(MessageStreamEvent streamEvent)
    {
        _snapshot = null;
        switch (streamEvent)
        {
            case ContentBlockDeltaEvent delta:
                AddDelta(delta);
                break;
            case ContentBlockStartEvent start when start.Index >= 0:
                while (_blocks.Count <= start.Index)
                {
                    _blocks.Add(null);
                }

                _blocks[start.Index] = new BlockState(start.ContentBlock);
                break;
            case ContentBlockStopEvent stop when Block(stop.Index) is { } block:
                block.Stopped = true;
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
            _usage = current with
            {
                InputTokens = usage.InputTokens ?? current.InputTokens,
                OutputTokens = usage.OutputTokens ?? current.OutputTokens,
                CacheCreationInputTokens = usage.CacheCreationInputTokens ?? current.CacheCreationInputTokens,
                CacheReadInputTokens = usage.CacheReadInputTokens ?? current.CacheReadInputTokens,
                AdditionalProperties = Merge(current.AdditionalProperties, usage.AdditionalProperties),
            };
        }
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

    private sealed class BlockState
    {
        private readonly ContentBlock _start;
        private StringBuilder? _text;
        private StringBuilder? _json;

        public BlockState(ContentBlock start) => _start = start;

        public bool Stopped { get; set; }

        public string? Signature { get; set; }

        public List<JsonElement>? Citations { get; set; }

        public void AppendText(string text)
        {
            if (_text is null)
            {
                string initial = _start switch
                {
                    TextBlock t => t.Text ?? string.Empty,
                    ThinkingBlock t => t.Thinking ?? string.Empty,
                    _ => string.Empty,
                };
                _text = new StringBuilder(initial, Math.Max(256, initial.Length + text.Length));
            }

            _text.Append(text);
        }

        public void AppendJson(string fragment) => (_json ??= new StringBuilder()).Append(fragment);

        public ContentBlock Build() => _start switch
        {
            TextBlock text => BuildText(text),
            ThinkingBlock thinking => thinking with
            {
                Thinking = _text?.ToString() ?? thinking.Thinking ?? string.Empty,
                Signature = Signature ?? NullIfEmpty(thinking.Signature),
            },
            ToolUseBlock toolUse => BuildToolUse(toolUse),
            UnknownContentBlock unknown when _json is not null => BuildUnknownWithInput(unknown),
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

            return text with { Text = _text?.ToString() ?? text.Text ?? string.Empty, Citations = citations };
        }

        private ToolUseBlock BuildToolUse(ToolUseBlock toolUse)
        {
            if (_json is null)
            {
                // No fragments: the start event's input stands (servers that send the whole input up front),
                // unless the block never stopped, when the arguments were cut off before the first fragment.
                return Stopped ? toolUse : toolUse with { Input = default, IncompleteInputJson = string.Empty };
            }

            string raw = _json.ToString();
            if (Stopped && TryParse(raw, out JsonElement input))
            {
                return toolUse with { Input = input, IncompleteInputJson = null };
            }

            // Cut off (no block stop, or JSON that does not parse): keep the text, never pretend it was {}.
            return toolUse with { Input = default, IncompleteInputJson = raw };
        }

        private UnknownContentBlock BuildUnknownWithInput(UnknownContentBlock unknown)
        {
            // Server tool calls stream their input like tool_use; write the parsed input into the kept JSON.
            if (!Stopped || !TryParse(_json!.ToString(), out JsonElement input) || unknown.Raw.ValueKind != JsonValueKind.Object)
            {
                return unknown;
            }

            using var output = new MemoryStream();
            using (var writer = new Utf8JsonWriter(output))
            {
                writer.WriteStartObject();
                foreach (JsonProperty property in unknown.Raw.EnumerateObject())
                {
                    if (property.NameEquals("input"))
                    {
                        continue;
                    }

                    property.WriteTo(writer);
                }

                writer.WritePropertyName("input");
                input.WriteTo(writer);
                writer.WriteEndObject();
            }

            using JsonDocument document = JsonDocument.Parse(output.ToArray());
            return new UnknownContentBlock(document.RootElement.Clone());
        }

        private static bool TryParse(string raw, out JsonElement value)
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                // "An empty buffer at stop means {}": a tool without parameters.
                using JsonDocument empty = JsonDocument.Parse("{}");
                value = empty.RootElement.Clone();
                return true;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(raw);
                value = document.RootElement.Clone();
                return true;
            }
            catch (JsonException)
            {
                value = default;
                return false;
            }
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
