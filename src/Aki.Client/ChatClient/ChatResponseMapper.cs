using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aki.Client.ChatClient;

/// <summary>Maps a <see cref="Message"/> (and its parts, for streams) to Microsoft.Extensions.AI types.</summary>
internal static class ChatResponseMapper
{
    public static ChatResponse ToChatResponse(Message message, string? outputToolName, DateTimeOffset createdAt)
    {
        var contents = new List<AIContent>(message.Content.Count);
        bool answeredThroughOutputTool = false;
        foreach (ContentBlock block in message.Content)
        {
            answeredThroughOutputTool |= block is ToolUseBlock { } use && use.Name == outputToolName;
            contents.Add(MapBlock(block, outputToolName));
        }

        var chatMessage = new ChatMessage(ChatRole.Assistant, contents)
        {
            MessageId = message.Id,
            CreatedAt = createdAt,
            RawRepresentation = message,
        };

        return new ChatResponse(chatMessage)
        {
            ResponseId = message.Id,
            ModelId = message.Model,
            CreatedAt = createdAt,
            FinishReason = MapFinishReason(message.StopReason, answeredThroughOutputTool && !HasOtherToolCalls(message, outputToolName)),
            Usage = MapUsage(message.Usage),
            RawRepresentation = message,
            AdditionalProperties = MapProperties(message.RequestId, message.IsModelFallback, message.RequestedModel, message.StopSequence),
        };
    }

    public static AIContent MapBlock(ContentBlock block, string? outputToolName) => block switch
    {
        TextBlock text => new TextContent(text.Text) { RawRepresentation = text },
        ThinkingBlock thinking => new TextReasoningContent(thinking.Thinking) { ProtectedData = thinking.Signature, RawRepresentation = thinking },
        RedactedThinkingBlock redacted => new TextReasoningContent(string.Empty) { ProtectedData = redacted.Data, RawRepresentation = redacted },

        // The structured answer is text to the caller, and goes back as text in a later turn (not as a call that wants a result).
        ToolUseBlock use when use.Name == outputToolName => new TextContent(use.IncompleteInputJson ?? use.Input.GetRawText()),
        ToolUseBlock use => MapToolUse(use),
        _ => new AIContent { RawRepresentation = block },
    };

    public static FunctionCallContent MapToolUse(ToolUseBlock use)
    {
        if (use.IncompleteInputJson is { } partial)
        {
            // Never `{}`: the call must not run as if it had no arguments; the partial text stays visible.
            return new FunctionCallContent(use.Id, use.Name, arguments: null)
            {
                RawRepresentation = use,
                Exception = new InvalidOperationException($"The arguments of tool call '{use.Id}' ({use.Name}) are incomplete: the answer ended before their JSON was finished."),
                AdditionalProperties = new() { [AkiChatResponseProperties.IncompleteInputJson] = partial },
            };
        }

        Dictionary<string, object?>? arguments = ChatJson.ObjectToArguments(use.Input);
        return arguments is null
            ? new FunctionCallContent(use.Id, use.Name, arguments: null)
            {
                RawRepresentation = use,
                Exception = new InvalidOperationException($"The arguments of tool call '{use.Id}' ({use.Name}) are a JSON {use.Input.ValueKind}, not an object."),
            }
            : new FunctionCallContent(use.Id, use.Name, arguments) { RawRepresentation = use };
    }

    public static bool HasOtherToolCalls(Message message, string? outputToolName)
    {
        foreach (ContentBlock block in message.Content)
        {
            if (block is ToolUseBlock use && use.Name != outputToolName)
            {
                return true;
            }
        }

        return false;
    }

    public static ChatFinishReason? MapFinishReason(StopReason? reason, bool structuredAnswer)
    {
        if (reason is not { } value)
        {
            return null;
        }

        if (value == StopReason.EndTurn || value == StopReason.StopSequence || (value == StopReason.ToolUse && structuredAnswer))
        {
            return ChatFinishReason.Stop;
        }

        if (value == StopReason.MaxTokens)
        {
            return ChatFinishReason.Length;
        }

        if (value == StopReason.ToolUse)
        {
            return ChatFinishReason.ToolCalls;
        }

        return value == StopReason.Refusal ? ChatFinishReason.ContentFilter : new ChatFinishReason(value.Value);
    }

    public static UsageDetails MapUsage(Usage usage)
    {
        var details = new UsageDetails
        {
            InputTokenCount = usage.TotalInputTokens,
            OutputTokenCount = usage.OutputTokens,
            TotalTokenCount = usage.TotalInputTokens + usage.OutputTokens,
            CachedInputTokenCount = usage.CacheReadInputTokens,
        };

        AdditionalPropertiesDictionary<long>? counts = null;
        if (usage.CacheCreationInputTokens is { } written)
        {
            (counts ??= [])["cache_creation_input_tokens"] = written;
        }

        if (usage.CacheCreation is { } byLifetime)
        {
            (counts ??= [])["cache_creation.ephemeral_5m_input_tokens"] = byLifetime.Ephemeral5mInputTokens;
            counts["cache_creation.ephemeral_1h_input_tokens"] = byLifetime.Ephemeral1hInputTokens;
        }

        foreach (KeyValuePair<string, JsonElement> field in usage.AdditionalProperties ?? new Dictionary<string, JsonElement>())
        {
            if (field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetInt64(out long count))
            {
                (counts ??= [])[field.Key] = count;
            }
        }

        details.AdditionalCounts = counts;
        return details;
    }

    public static AdditionalPropertiesDictionary? MapProperties(string? requestId, bool isModelFallback, string? requestedModel, string? stopSequence)
    {
        var properties = new AdditionalPropertiesDictionary { [AkiChatResponseProperties.IsModelFallback] = isModelFallback };
        if (requestId is not null)
        {
            properties[AkiChatResponseProperties.RequestId] = requestId;
        }

        if (requestedModel is not null)
        {
            properties[AkiChatResponseProperties.RequestedModel] = requestedModel;
        }

        if (stopSequence is not null)
        {
            properties[AkiChatResponseProperties.StopSequence] = stopSequence;
        }

        return properties;
    }
}
