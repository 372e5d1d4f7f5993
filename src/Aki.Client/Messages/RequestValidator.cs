using System;
using System.Collections.Generic;

namespace Aki.Client;

/// <summary>Client-side checks of what the caller owns, made before anything is sent.</summary>
internal static class RequestValidator
{
    public static void Validate(MessageRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw new ArgumentException("MessageRequest.Model is required: name a model such as AkiModels.Gemma4_26B (\"gemma4-26b\").", nameof(request));
        }

        if (request.Messages is null || request.Messages.Count == 0)
        {
            throw new ArgumentException("MessageRequest.Messages needs at least one message, for example MessageParam.User(\"Hello\").", nameof(request));
        }

        if (request.MaxTokens is < 1)
        {
            throw new ArgumentException($"MessageRequest.MaxTokens must be at least 1, not {request.MaxTokens}. Leave it null to use the model's default.", nameof(request));
        }

        if (request.Temperature is { } temperature && (temperature < 0 || temperature > 1 || double.IsNaN(temperature)))
        {
            throw new ArgumentException($"MessageRequest.Temperature must be between 0.0 and 1.0, not {temperature}.", nameof(request));
        }

        if (request.TopP is { } topP && (topP < 0 || topP > 1 || double.IsNaN(topP)))
        {
            throw new ArgumentException($"MessageRequest.TopP must be between 0.0 and 1.0, not {topP}.", nameof(request));
        }

        if (request.TopK is < 1)
        {
            throw new ArgumentException($"MessageRequest.TopK must be at least 1, not {request.TopK}.", nameof(request));
        }

        if (request.Thinking is { BudgetTokens: { } budget } && budget < 1)
        {
            throw new ArgumentException($"MessageRequest.Thinking.BudgetTokens must be positive, not {budget}.", nameof(request));
        }

        if (request.System is { } system)
        {
            if (system.Text is { Length: 0 })
            {
                throw new ArgumentException("MessageRequest.System is an empty string; leave it null for no system prompt.", nameof(request));
            }

            if (system.Blocks is { } systemBlocks)
            {
                for (int i = 0; i < systemBlocks.Count; i++)
                {
                    CheckSystemBlock(systemBlocks[i], i);
                }
            }
        }

        for (int i = 0; i < request.Messages.Count; i++)
        {
            MessageParam message = request.Messages[i] ?? throw new ArgumentException($"MessageRequest.Messages[{i}] is null.", nameof(request));
            CheckContent(message.Content, i, null);
        }

        if (request.Tools is { } tools)
        {
            for (int i = 0; i < tools.Count; i++)
            {
                if (tools[i] is null || string.IsNullOrWhiteSpace(tools[i].Name))
                {
                    throw new ArgumentException($"MessageRequest.Tools[{i}] needs a name.", nameof(request));
                }
            }
        }
    }

    /// <summary>Checks one message's content (or a tool result's, when <paramref name="resultBlock"/> is set); paths are built only for errors.</summary>
    private static void CheckContent(MessageContent? content, int message, int? resultBlock)
    {
        string Path() => resultBlock is { } block
            ? $"MessageRequest.Messages[{message}].Content[{block}].Content"
            : $"MessageRequest.Messages[{message}].Content";

        if (content is null)
        {
            throw new ArgumentException($"{Path()} is null; give a string or content blocks.", "request");
        }

        if (content.Text is not null)
        {
            if (content.Text.Length == 0)
            {
                throw new ArgumentException($"{Path()} is an empty string; the API rejects empty text.", "request");
            }

            return;
        }

        IReadOnlyList<ContentBlock> blocks = content.Blocks!;
        if (blocks.Count == 0)
        {
            throw new ArgumentException($"{Path()} has no blocks.", "request");
        }

        for (int i = 0; i < blocks.Count; i++)
        {
            switch (blocks[i])
            {
                case null:
                    throw new ArgumentException($"{Path()}[{i}] is null.", "request");
                case TextBlock text when string.IsNullOrEmpty(text.Text):
                    throw new ArgumentException($"{Path()}[{i}] is an empty text block; the API rejects empty text.", "request");
                case ToolResultBlock { Content: { } result } when resultBlock is null && (result.Blocks is not null || result.Text!.Length > 0):
                    CheckContent(result, message, i);
                    break;
            }
        }
    }

    private static void CheckSystemBlock(TextBlock? block, int index)
    {
        if (block is null || string.IsNullOrEmpty(block.Text))
        {
            throw new ArgumentException($"MessageRequest.System[{index}] is an empty text block; the API rejects empty text.", "request");
        }
    }
}
