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
    /// <remarks>
    /// The checks return the problem with its path relative to what they were given, and callers prefix their own
    /// part, so nothing is allocated for a request that is fine (this runs on every send).
    /// </remarks>
    public static void ValidateWritable(MessageRequest request)
    {
        Refuse("MessageRequest.Metadata", Extra(request.Metadata?.AdditionalProperties));
        Refuse("MessageRequest.ToolChoice", Extra(request.ToolChoice?.AdditionalProperties));
        Refuse("MessageRequest.Thinking", Extra(request.Thinking?.AdditionalProperties));
        if (request.System?.Blocks is { } system)
        {
            for (int i = 0; i < system.Count; i++)
            {
                if (Block(system[i]) is { } problem)
                {
                    throw Refusal($"MessageRequest.System[{i}]{problem}");
                }
            }
        }

        if (request.Messages is { } messages)
        {
            for (int i = 0; i < messages.Count; i++)
            {
                if ((Extra(messages[i]?.AdditionalProperties) ?? Content(messages[i]?.Content, ".Content")) is { } problem)
                {
                    throw Refusal($"MessageRequest.Messages[{i}]{problem}");
                }
            }
        }

        if (request.Tools is { } tools)
        {
            for (int i = 0; i < tools.Count; i++)
            {
                if (ToolProblem(tools[i]) is { } problem)
                {
                    throw Refusal($"MessageRequest.Tools[{i}]{problem}");
                }
            }
        }
    }

    private static string? ToolProblem(ToolDefinition? tool) => tool switch
    {
        null => " is null.",
        Tool custom when string.IsNullOrWhiteSpace(custom.Name) => " needs a name.",
        Tool custom when custom.InputSchema.ValueKind != JsonValueKind.Object =>
            $" ('{custom.Name}') has {(custom.InputSchema.ValueKind == JsonValueKind.Undefined ? "no InputSchema" : "an InputSchema that is not a JSON object")}. A Tool needs a JSON Schema object (see Tool.FromJsonSchema); for a tool without a schema use a server tool record (WebSearchTool, CodeExecutionTool, ComputerTool, TextEditorTool, BashTool) or RawTool.",
        Tool custom => Cache(custom.CacheControl) ?? Extra(custom.AdditionalProperties),
        ServerTool server when string.IsNullOrWhiteSpace(server.Type) || string.IsNullOrWhiteSpace(server.Name) =>
            $" ({server.GetType().Name}) needs a Type and a Name; keep the defaults unless the API documents others.",
        WebSearchTool { UserLocation.ValueKind: JsonValueKind.Undefined } => ".UserLocation is an empty JsonElement; give a JSON object or leave it null.",
        ServerTool server => Cache(server.CacheControl) ?? Extra(server.AdditionalProperties),
        RawTool raw when raw.Json.ValueKind != JsonValueKind.Object =>
            $" is a RawTool whose Json is {(raw.Json.ValueKind == JsonValueKind.Undefined ? "empty" : "not a JSON object")}; build it with RawTool.Parse(\"{{...}}\").",
        _ => null,
    };

    private static string? Content(MessageContent? content, string name)
    {
        if (content?.Blocks is not { } blocks)
        {
            return null;
        }

        for (int i = 0; i < blocks.Count; i++)
        {
            if (Block(blocks[i]) is { } problem)
            {
                return $"{name}[{i}]{problem}";
            }
        }

        return null;
    }

    private static string? Block(ContentBlock? block) => block switch
    {
        null => null,
        UnknownContentBlock { Raw.ValueKind: not JsonValueKind.Object } => " is an UnknownContentBlock whose Raw is not a JSON object; give the block's JSON object.",
        UnknownContentBlock => null,
        ToolUseBlock { IsInputIncomplete: true } toolUse =>
            $" is tool call '{toolUse.Id}' ({toolUse.Name}) whose input was cut off when its stream ended (IsInputIncomplete); remove the block or replace it with one whose Input is complete.",
        ToolUseBlock { Input.ValueKind: JsonValueKind.Undefined } toolUse => $" is tool call '{toolUse.Id}' ({toolUse.Name}) with no Input; give its arguments as a JSON object.",
        ToolUseBlock toolUse => Cache(toolUse.CacheControl) ?? Extra(toolUse.AdditionalProperties),
        TextBlock text => Cache(text.CacheControl) ?? Citations(text.Citations) ?? Extra(text.AdditionalProperties),
        ImageBlock image => Cache(image.CacheControl) ?? Prefixed(".Source", Extra(image.Source?.AdditionalProperties)) ?? Extra(image.AdditionalProperties),
        DocumentBlock document => Cache(document.CacheControl)
            ?? Prefixed(".Source", Extra(document.Source?.AdditionalProperties))
            ?? Prefixed(".Citations", Extra(document.Citations?.AdditionalProperties))
            ?? Content(document.Source?.Content, ".Source.Content")
            ?? Extra(document.AdditionalProperties),
        ToolResultBlock result => Cache(result.CacheControl) ?? Content(result.Content, ".Content") ?? Extra(result.AdditionalProperties),
        _ => Extra(block.AdditionalProperties),
    };

    private static string? Citations(IReadOnlyList<JsonElement>? citations)
    {
        if (citations is not null)
        {
            foreach (JsonElement citation in citations)
            {
                if (citation.ValueKind == JsonValueKind.Undefined)
                {
                    return ".Citations holds an empty JsonElement; give each citation as a JSON object.";
                }
            }
        }

        return null;
    }

    private static string? Cache(CacheControl? cacheControl) =>
        cacheControl is null ? null
        : string.IsNullOrWhiteSpace(cacheControl.Type) ? ".CacheControl needs a Type; use CacheControl.Ephemeral."
        : Prefixed(".CacheControl", Extra(cacheControl.AdditionalProperties));

    private static string? Extra(IDictionary<string, JsonElement>? extra)
    {
        if (extra is null)
        {
            return null;
        }

        foreach (KeyValuePair<string, JsonElement> field in extra)
        {
            if (field.Value.ValueKind == JsonValueKind.Undefined)
            {
                return $".AdditionalProperties[\"{field.Key}\"] is an empty JsonElement; give a JSON value or remove the entry.";
            }
        }

        return null;
    }

    private static string? Prefixed(string prefix, string? problem) => problem is null ? null : prefix + problem;

    private static void Refuse(string path, string? problem)
    {
        if (problem is not null)
        {
            throw Refusal(path + problem);
        }
    }

    private static ArgumentException Refusal(string message) => new(message, "request");

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
