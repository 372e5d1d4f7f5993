using System;
using System.Collections.Generic;
using System.Text.Json;
using Aki.Client.Serialization;
using Aki.Client.Streaming;

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
            case InputJsonDelta json when json.TryGetUtf8(out ReadOnlySpan<byte> utf8):
                block.AppendJson(utf8);
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
            Usage current = _usage ?? Usage.None;
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

        // A value of the wrong shape is not ours to model: it stays in the extension data, as the server sent it,
        // rather than failing the stream or being dropped.
        var rest = new Dictionary<string, JsonElement>(extra, StringComparer.Ordinal);
        if (rest.TryGetValue("service_tier", out JsonElement tier) && tier.ValueKind == JsonValueKind.String)
        {
            rest.Remove("service_tier");
            serviceTier = tier.GetString();
        }

        if (rest.TryGetValue("cache_creation", out JsonElement breakdown) && breakdown.ValueKind == JsonValueKind.Object
            && TryReadCacheCreation(breakdown, out CacheCreationUsage? read))
        {
            rest.Remove("cache_creation");
            cacheCreation = read ?? cacheCreation;
        }

        extra = rest;
    }

    private static bool TryReadCacheCreation(JsonElement breakdown, out CacheCreationUsage? value)
    {
        try
        {
            value = breakdown.Deserialize(AkiJsonContext.Default.CacheCreationUsage);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            value = null;
            return false;
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
}
