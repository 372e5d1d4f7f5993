using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Aki.Client.ChatClient;

/// <summary>
/// Turns the events of one <see cref="MessageStream"/> into <see cref="ChatResponseUpdate"/>s: text and thinking as
/// each delta arrives, a tool call once its block is complete, and one final update with the finish reason, the
/// usage and the response's properties. Every update carries the ids and model of <c>message_start</c> and its event
/// as <see cref="ChatResponseUpdate.RawRepresentation"/>.
/// </summary>
internal sealed class ChatStreamMapper
{
    private readonly string? _outputToolName;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<int, OpenBlock> _open = [];
    private MessageStreamEvent? _lastMessageEvent;
    private string? _id;
    private string? _model;
    private DateTimeOffset _createdAt;

    public ChatStreamMapper(string? outputToolName, TimeProvider timeProvider)
    {
        _outputToolName = outputToolName;
        _timeProvider = timeProvider;
    }

    public ChatResponseUpdate? Map(MessageStreamEvent streamEvent, MessageStream stream)
    {
        switch (streamEvent)
        {
            case ContentBlockDeltaEvent { Delta: TextDelta text }:
                return Update(streamEvent, new TextContent(text.Text));

            case ContentBlockDeltaEvent { Delta: ThinkingDelta thinking }:
                return Update(streamEvent, new TextReasoningContent(thinking.Thinking));

            case ContentBlockDeltaEvent { Delta: SignatureDelta signature } delta:
                if (_open.TryGetValue(delta.Index, out OpenBlock? signed))
                {
                    signed.Signature += signature.Signature;
                }

                return null;

            case ContentBlockDeltaEvent { Delta: InputJsonDelta json } delta:
                if (_open.TryGetValue(delta.Index, out OpenBlock? tool))
                {
                    tool.HasDeltas = true;
                    if (tool.IsOutput && json.PartialJson.Length > 0)
                    {
                        // The structured answer streams as text, fragment by fragment, like any answer.
                        return Update(streamEvent, new TextContent(json.PartialJson));
                    }
                }

                return null;

            case ContentBlockStartEvent start:
                return Start(start);

            case ContentBlockStopEvent stop:
                return Stop(stop, stream);

            case MessageStartEvent start:
                _id = start.Message.Id;
                _model = start.Message.Model;
                _createdAt = _timeProvider.GetUtcNow();
                return Update(streamEvent, content: null);

            case MessageDeltaEvent:
                _lastMessageEvent = streamEvent;
                return null;

            case PingEvent:
            case MessageStopEvent:
                return null;

            default:
                // Citations, unknown deltas and unknown events: not content Microsoft.Extensions.AI models, but visible
                // as the update's raw event (and kept in the final message).
                return Update(streamEvent, content: null);
        }
    }

    /// <summary>After the last event: calls whose block never closed (cut off), then the final update.</summary>
    public IEnumerable<ChatResponseUpdate> Complete(MessageStream stream)
    {
        Message message = stream.CurrentMessage;
        var updates = new List<ChatResponseUpdate>();
        foreach (KeyValuePair<int, OpenBlock> open in _open)
        {
            if (Finish(open.Key, open.Value, message, _lastMessageEvent ?? new MessageStopEvent()) is { } update)
            {
                updates.Add(update);
            }
        }

        _open.Clear();
        bool structured = false;
        foreach (ContentBlock block in message.Content)
        {
            structured |= block is ToolUseBlock use && use.Name == _outputToolName;
        }

        ChatResponseUpdate final = Update(_lastMessageEvent ?? new MessageStopEvent(), new UsageContent(ChatResponseMapper.MapUsage(message.Usage)));
        final.FinishReason = ChatResponseMapper.MapFinishReason(message.StopReason, structured && !ChatResponseMapper.HasOtherToolCalls(message, _outputToolName));
        final.AdditionalProperties = ChatResponseMapper.MapProperties(stream.RequestId ?? message.RequestId, stream.IsModelFallback, message.RequestedModel, message.StopSequence);
        updates.Add(final);
        return updates;
    }

    private ChatResponseUpdate? Start(ContentBlockStartEvent start)
    {
        switch (start.ContentBlock)
        {
            case TextBlock text:
                return text.Text.Length > 0 ? Update(start, new TextContent(text.Text)) : null;

            case ThinkingBlock thinking:
                _open[start.Index] = new OpenBlock(BlockKind.Thinking) { Signature = thinking.Signature };
                return thinking.Thinking.Length > 0 ? Update(start, new TextReasoningContent(thinking.Thinking)) : null;

            case RedactedThinkingBlock redacted:
                return Update(start, new TextReasoningContent(string.Empty) { ProtectedData = redacted.Data, RawRepresentation = redacted });

            case ToolUseBlock use:
                _open[start.Index] = new OpenBlock(BlockKind.Tool) { Id = use.Id, IsOutput = use.Name == _outputToolName };
                return null;

            default:
                _open[start.Index] = new OpenBlock(BlockKind.Other);
                return null;
        }
    }

    private ChatResponseUpdate? Stop(ContentBlockStopEvent stop, MessageStream stream)
    {
        if (!_open.TryGetValue(stop.Index, out OpenBlock? block))
        {
            return null;
        }

        _open.Remove(stop.Index);

        // Thinking needs nothing from the accumulated message; tools and unknown blocks do, and are rare.
        return Finish(stop.Index, block, block.Kind == BlockKind.Thinking ? null : stream.CurrentMessage, stop);
    }

    private ChatResponseUpdate? Finish(int index, OpenBlock block, Message? message, MessageStreamEvent streamEvent)
    {
        switch (block.Kind)
        {
            case BlockKind.Thinking:
                // The signature closes the reasoning: Microsoft.Extensions.AI joins it onto the deltas before it.
                return block.Signature is { Length: > 0 } signature ? Update(streamEvent, new TextReasoningContent(string.Empty) { ProtectedData = signature }) : null;

            case BlockKind.Tool when FindToolUse(message!, index, block.Id!) is { } use:
                if (!block.IsOutput)
                {
                    return Update(streamEvent, ChatResponseMapper.MapToolUse(use));
                }

                // A server that sent the whole input at the start streamed no text: the answer comes in one piece.
                return block.HasDeltas ? null : Update(streamEvent, new TextContent(use.IncompleteInputJson ?? use.Input.GetRawText()));

            case BlockKind.Other when index < message!.Content.Count:
                return Update(streamEvent, ChatResponseMapper.MapBlock(message.Content[index], _outputToolName));

            default:
                return null;
        }
    }

    private static ToolUseBlock? FindToolUse(Message message, int index, string id)
    {
        if (index < message.Content.Count && message.Content[index] is ToolUseBlock atIndex && atIndex.Id == id)
        {
            return atIndex;
        }

        foreach (ContentBlock block in message.Content)
        {
            if (block is ToolUseBlock use && use.Id == id)
            {
                return use;
            }
        }

        return null;
    }

    private ChatResponseUpdate Update(MessageStreamEvent streamEvent, AIContent? content) =>
        new(ChatRole.Assistant, content is null ? [] : [content])
        {
            ResponseId = _id,
            MessageId = _id,
            ModelId = _model,
            CreatedAt = _createdAt,
            RawRepresentation = streamEvent,
        };

    private enum BlockKind
    {
        Thinking,
        Tool,
        Other,
    }

    private sealed class OpenBlock(BlockKind kind)
    {
        public BlockKind Kind { get; } = kind;

        public string? Id { get; init; }

        public bool IsOutput { get; init; }

        public bool HasDeltas { get; set; }

        public string? Signature { get; set; }
    }
}
