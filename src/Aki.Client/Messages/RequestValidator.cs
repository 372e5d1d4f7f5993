using System;
using System.Collections.Generic;
using System.Text.Json;

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

        ValidateWritable(request);
    }

    /// <summary>
    /// The checks that decide whether the request can be written as JSON at all: values the serializer cannot write
    /// (an empty <see cref="JsonElement"/>, a tool call cut off by a stream) and tools it cannot represent. Each would
    /// otherwise surface from deep inside serialization as an <see cref="InvalidOperationException"/> with no field named.
    /// </summary>
    public static void ValidateWritable(MessageRequest request)
    {
        CheckExtra(request.Metadata?.AdditionalProperties, () => "MessageRequest.Metadata");
        CheckExtra(request.ToolChoice?.AdditionalProperties, () => "MessageRequest.ToolChoice");
        CheckExtra(request.Thinking?.AdditionalProperties, () => "MessageRequest.Thinking");
        if (request.System?.Blocks is { } system)
        {
            for (int i = 0; i < system.Count; i++)
            {
                int index = i;
                CheckWritable(system[i], () => $"MessageRequest.System[{index}]");
            }
        }

        if (request.Messages is { } messages)
        {
            for (int i = 0; i < messages.Count; i++)
            {
                int index = i;
                CheckExtra(messages[i]?.AdditionalProperties, () => $"MessageRequest.Messages[{index}]");
                CheckWritable(messages[i]?.Content, () => $"MessageRequest.Messages[{index}].Content");
            }
        }

        if (request.Tools is { } tools)
        {
            for (int i = 0; i < tools.Count; i++)
            {
                CheckTool(tools[i], i);
            }
        }
    }

    private static void CheckTool(ToolDefinition? tool, int index)
    {
        string Path() => $"MessageRequest.Tools[{index}]";
        switch (tool)
        {
            case null:
                throw new ArgumentException($"{Path()} is null.", "request");
            case Tool custom when string.IsNullOrWhiteSpace(custom.Name):
                throw new ArgumentException($"{Path()} needs a name.", "request");
            case Tool custom when custom.InputSchema.ValueKind != JsonValueKind.Object:
                throw new ArgumentException(
                    $"{Path()} ('{custom.Name}') has {(custom.InputSchema.ValueKind == JsonValueKind.Undefined ? "no InputSchema" : "an InputSchema that is not a JSON object")}. A Tool needs a JSON Schema object (see Tool.FromJsonSchema); for a tool without a schema use a server tool record (WebSearchTool, CodeExecutionTool, ComputerTool, TextEditorTool, BashTool) or RawTool.",
                    "request");
            case Tool custom:
                CheckCacheControl(custom.CacheControl, () => Path());
                break;
            case ServerTool server when string.IsNullOrWhiteSpace(server.Type) || string.IsNullOrWhiteSpace(server.Name):
                throw new ArgumentException($"{Path()} ({server.GetType().Name}) needs a Type and a Name; keep the defaults unless the API documents others.", "request");
            case WebSearchTool { UserLocation: { ValueKind: JsonValueKind.Undefined } }:
                throw new ArgumentException($"{Path()}.UserLocation is an empty JsonElement; give a JSON object or leave it null.", "request");
            case ServerTool server:
                CheckCacheControl(server.CacheControl, () => Path());
                break;
            case RawTool raw when raw.Json.ValueKind != JsonValueKind.Object:
                throw new ArgumentException($"{Path()} is a RawTool whose Json is {(raw.Json.ValueKind == JsonValueKind.Undefined ? "empty" : "not a JSON object")}; build it with RawTool.Parse(\"{{...}}\").", "request");
        }

        if (tool is not RawTool)
        {
            CheckExtra(tool.AdditionalProperties, () => Path());
        }
    }

    private static void CheckWritable(MessageContent? content, Func<string> path)
    {
        if (content?.Blocks is not { } blocks)
        {
            return;
        }

        for (int i = 0; i < blocks.Count; i++)
        {
            int index = i;
            CheckWritable(blocks[i], () => $"{path()}[{index}]");
        }
    }

    private static void CheckWritable(ContentBlock? block, Func<string> path)
    {
        switch (block)
        {
            case null:
                return;
            case UnknownContentBlock unknown:
                if (unknown.Raw.ValueKind != JsonValueKind.Object)
                {
                    throw new ArgumentException($"{path()} is an UnknownContentBlock whose Raw is not a JSON object; give the block's JSON object.", "request");
                }

                return;
            case ToolUseBlock { IsInputIncomplete: true } toolUse:
                throw new ArgumentException(
                    $"{path()} is tool call '{toolUse.Id}' ({toolUse.Name}) whose input was cut off when its stream ended (IsInputIncomplete); remove the block or replace it with one whose Input is complete.",
                    "request");
            case ToolUseBlock toolUse when toolUse.Input.ValueKind == JsonValueKind.Undefined:
                throw new ArgumentException($"{path()} is tool call '{toolUse.Id}' ({toolUse.Name}) with no Input; give its arguments as a JSON object.", "request");
            case ToolUseBlock toolUse:
                CheckCacheControl(toolUse.CacheControl, path);
                break;
            case TextBlock text:
                CheckCacheControl(text.CacheControl, path);
                if (text.Citations is { } citations)
                {
                    foreach (JsonElement citation in citations)
                    {
                        if (citation.ValueKind == JsonValueKind.Undefined)
                        {
                            throw new ArgumentException($"{path()}.Citations holds an empty JsonElement; give each citation as a JSON object.", "request");
                        }
                    }
                }

                break;
            case ImageBlock image:
                CheckCacheControl(image.CacheControl, path);
                CheckExtra(image.Source?.AdditionalProperties, () => $"{path()}.Source");
                break;
            case DocumentBlock document:
                CheckCacheControl(document.CacheControl, path);
                CheckExtra(document.Source?.AdditionalProperties, () => $"{path()}.Source");
                CheckExtra(document.Citations?.AdditionalProperties, () => $"{path()}.Citations");
                CheckWritable(document.Source?.Content, () => $"{path()}.Source.Content");
                break;
            case ToolResultBlock result:
                CheckCacheControl(result.CacheControl, path);
                CheckWritable(result.Content, () => $"{path()}.Content");
                break;
        }

        CheckExtra(block.AdditionalProperties, path);
    }

    private static void CheckCacheControl(CacheControl? cacheControl, Func<string> path)
    {
        if (cacheControl is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(cacheControl.Type))
        {
            throw new ArgumentException($"{path()}.CacheControl needs a Type; use CacheControl.Ephemeral.", "request");
        }

        CheckExtra(cacheControl.AdditionalProperties, () => $"{path()}.CacheControl");
    }

    private static void CheckExtra(IDictionary<string, JsonElement>? extra, Func<string> path)
    {
        if (extra is null)
        {
            return;
        }

        foreach (KeyValuePair<string, JsonElement> field in extra)
        {
            if (field.Value.ValueKind == JsonValueKind.Undefined)
            {
                throw new ArgumentException($"{path()}.AdditionalProperties[\"{field.Key}\"] is an empty JsonElement; give a JSON value or remove the entry.", "request");
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
