using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Aki.Client.ChatClient;

/// <summary>A mapped request, and the name of the tool that carries a structured answer (null when none was asked for).</summary>
internal readonly record struct MappedRequest(MessageRequest Request, string? OutputToolName);

/// <summary>
/// Builds a <see cref="MessageRequest"/> from Microsoft.Extensions.AI messages and options. Everything the Messages API
/// cannot carry fails here, before anything is sent, with an exception that names the content, tool or option.
/// </summary>
internal static class ChatRequestMapper
{
    // Body fields the SDK writes itself; an additional property of the same name would be sent twice.
    private static readonly HashSet<string> s_modelledFields = new(StringComparer.Ordinal)
    {
        "model", "messages", "max_tokens", "system", "temperature", "top_p", "top_k", "stop_sequences",
        "metadata", "tools", "tool_choice", "thinking", "stream",
    };

    public static MappedRequest Map(IEnumerable<ChatMessage> messages, ChatOptions? options, string? defaultModelId, IChatClient owner)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        MessageRequest? start = options?.RawRepresentationFactory?.Invoke(owner) as MessageRequest;

        string model = start?.Model is { Length: > 0 } startModel ? startModel
            : options?.ModelId is { Length: > 0 } optionModel ? optionModel
            : defaultModelId is { Length: > 0 } ? defaultModelId
            : throw new ArgumentException(
                "No model id: set ChatOptions.ModelId for this call, or give a default with client.AsIChatClient(\"model-id\") (for example AkiModels.Gemma4_26B).",
                nameof(options));

        var system = new List<TextBlock>();
        var turns = new List<Turn>();
        if (start?.System is { } startSystem)
        {
            system.AddRange(startSystem.Blocks ?? [new TextBlock(startSystem.Text!)]);
        }

        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            system.Add(new TextBlock(options!.Instructions!));
        }

        foreach (MessageParam param in start?.Messages ?? [])
        {
            Append(turns, param.Role, param.Content.ToBlocks());
        }

        foreach (ChatMessage message in messages)
        {
            AddMessage(message, system, turns);
        }

        int? maxTokens = start?.MaxTokens ?? options?.MaxOutputTokens;
        (IReadOnlyList<ToolDefinition>? tools, ToolChoice? toolChoice, string? outputTool) = MapTools(start, options);

        var request = new MessageRequest
        {
            Model = model,
            Messages = turns.Select(t => new MessageParam(t.Role, MessageContent.FromBlocks(t.Blocks))).ToList(),
            MaxTokens = maxTokens,
            System = system.Count switch
            {
                0 => null,
                1 when system[0].Citations is null => SystemPrompt.FromText(system[0].Text),
                _ => SystemPrompt.FromBlocks(system),
            },
            Temperature = start?.Temperature ?? ToDouble(options?.Temperature),
            TopP = start?.TopP ?? ToDouble(options?.TopP),
            TopK = start?.TopK ?? options?.TopK,
            StopSequences = start?.StopSequences ?? (options?.StopSequences is { Count: > 0 } stops ? stops.ToList() : null),
            Metadata = start?.Metadata,
            Tools = tools,
            ToolChoice = toolChoice,
            Thinking = start?.Thinking ?? ReasoningBudget.ToThinking(options?.Reasoning, maxTokens),
            AdditionalProperties = MapAdditionalProperties(start?.AdditionalProperties, options?.AdditionalProperties),
        };

        return new MappedRequest(request, outputTool);
    }

    // A float widened to double shows its binary error (0.7f is 0.699999988...); through decimal it keeps the digits the caller wrote.
    private static double? ToDouble(float? value) => value is { } v ? (double)(decimal)v : null;

    private static void AddMessage(ChatMessage message, List<TextBlock> system, List<Turn> turns)
    {
        if (message is null)
        {
            throw new ArgumentException("The messages contain a null entry.", "messages");
        }

        if (message.Role == ChatRole.System)
        {
            foreach (AIContent content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text when text.Text.Length > 0:
                        system.Add(text.RawRepresentation is TextBlock block && block.Text == text.Text ? block : new TextBlock(text.Text));
                        break;
                    case TextContent:
                        break;
                    default:
                        throw new NotSupportedException($"A system message can only hold text for AKI.IO; it holds {content.GetType().Name}. Move it to a user message.");
                }
            }

            return;
        }

        MessageRole role;
        if (message.Role == ChatRole.User || message.Role == ChatRole.Tool)
        {
            role = MessageRole.User;
        }
        else if (message.Role == ChatRole.Assistant)
        {
            role = MessageRole.Assistant;
        }
        else
        {
            throw new NotSupportedException($"The chat role '{message.Role}' has no equivalent in the Messages API, which knows system, user, assistant and tool.");
        }

        foreach (AIContent content in message.Contents)
        {
            if (MapContent(content) is not { } block)
            {
                continue;
            }

            // Tool results always travel in a user turn, whatever role the caller put them in.
            Append(turns, block is ToolResultBlock ? MessageRole.User : role, [block]);
        }
    }

    // The Messages API wants user and assistant turns to alternate: consecutive messages of one role become one turn.
    private static void Append(List<Turn> turns, MessageRole role, IReadOnlyList<ContentBlock> blocks)
    {
        if (blocks.Count == 0)
        {
            return;
        }

        if (turns.Count > 0 && turns[turns.Count - 1].Role == role)
        {
            turns[turns.Count - 1].Blocks.AddRange(blocks);
        }
        else
        {
            turns.Add(new Turn(role, [.. blocks]));
        }
    }

    internal static ContentBlock? MapContent(AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                if (text.RawRepresentation is TextBlock sentText && sentText.Text == text.Text)
                {
                    return sentText;
                }

                return string.IsNullOrEmpty(text.Text) ? null : new TextBlock(text.Text);

            case TextReasoningContent reasoning:
                return MapReasoning(reasoning);

            case FunctionCallContent call:
                if (call.RawRepresentation is ToolUseBlock sentCall && sentCall.Id == call.CallId && sentCall.Name == call.Name)
                {
                    return sentCall;
                }

                return new ToolUseBlock(call.CallId, call.Name, ChatJson.ArgumentsToObject(call.Arguments));

            case FunctionResultContent result:
                return MapResult(result);

            case DataContent data:
                return MapData(data);

            case UriContent uri:
                return MapUri(uri);

            case UsageContent:
                // Usage describes an earlier answer; it is not part of the conversation.
                return null;

            default:
                if (content.RawRepresentation is ContentBlock block)
                {
                    return block;
                }

                throw new NotSupportedException($"AKI.IO cannot take content of type {content.GetType().Name}: the Messages API carries text, images (image/*), PDFs, plain-text documents, tool calls, tool results and reasoning.");
        }
    }

    private static ContentBlock? MapReasoning(TextReasoningContent reasoning)
    {
        switch (reasoning.RawRepresentation)
        {
            case ThinkingBlock thinking when thinking.Thinking == reasoning.Text && thinking.Signature == reasoning.ProtectedData:
                return thinking;
            case RedactedThinkingBlock redacted when redacted.Data == reasoning.ProtectedData && string.IsNullOrEmpty(reasoning.Text):
                return redacted;
        }

        if (string.IsNullOrEmpty(reasoning.Text))
        {
            // Redacted thinking has no text and its opaque data in ProtectedData; an empty reasoning with neither carries nothing.
            return reasoning.ProtectedData is { Length: > 0 } data ? new RedactedThinkingBlock(data) : null;
        }

        return new ThinkingBlock(reasoning.Text) { Signature = reasoning.ProtectedData };
    }

    private static ToolResultBlock MapResult(FunctionResultContent result)
    {
        MessageContent? content = result.Result switch
        {
            null when result.Exception is { } e => e.Message,
            null => null,
            AIContent single => MessageContent.FromBlocks(ResultBlocks([single])),
            IEnumerable<AIContent> many => MessageContent.FromBlocks(ResultBlocks(many)),
            var value => ChatJson.ResultToText(value),
        };

        // A function-invoking client puts the text it wants the model to see (detailed or not) in Result and the
        // exception beside it; that choice is kept, and only a missing Result falls back to the exception's message.
        return new ToolResultBlock(result.CallId)
        {
            Content = content,
            IsError = result.Exception is not null ? true : null,
        };
    }

    private static List<ContentBlock> ResultBlocks(IEnumerable<AIContent> contents)
    {
        var blocks = new List<ContentBlock>();
        foreach (AIContent content in contents)
        {
            if (MapContent(content) is { } block)
            {
                blocks.Add(block);
            }
        }

        return blocks;
    }

    private static ContentBlock MapData(DataContent data)
    {
        if (data.HasTopLevelMediaType("image"))
        {
            return new ImageBlock(ImageSource.FromBase64(data.MediaType, data.Base64Data.ToString()));
        }

        if (string.Equals(data.MediaType, "application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            return new DocumentBlock(DocumentSource.FromPdfBase64(data.Base64Data.ToString())) { Title = data.Name };
        }

        if (string.Equals(data.MediaType, "text/plain", StringComparison.OrdinalIgnoreCase) || data.MediaType.StartsWith("text/plain;", StringComparison.OrdinalIgnoreCase))
        {
            return new DocumentBlock(DocumentSource.FromText(Encoding.UTF8.GetString(data.Data.ToArray()))) { Title = data.Name };
        }

        throw new NotSupportedException($"AKI.IO cannot take DataContent of media type '{data.MediaType}': the Messages API carries images (image/*), application/pdf and text/plain.");
    }

    private static ContentBlock MapUri(UriContent uri)
    {
        if (uri.HasTopLevelMediaType("image"))
        {
            return new ImageBlock(ImageSource.FromUrl(uri.Uri));
        }

        if (string.Equals(uri.MediaType, "application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            return new DocumentBlock(DocumentSource.FromUrl(uri.Uri));
        }

        throw new NotSupportedException($"AKI.IO cannot take UriContent of media type '{uri.MediaType}': the Messages API fetches images (image/*) and PDFs (application/pdf) by URL.");
    }

    private static string? NameOf(ToolDefinition tool) => tool switch
    {
        Tool function => function.Name,
        ServerTool server => server.Name,
        RawTool raw => raw.Name,
        _ => null,
    };

    private static (IReadOnlyList<ToolDefinition>? Tools, ToolChoice? Choice, string? OutputTool) MapTools(MessageRequest? start, ChatOptions? options)
    {
        var tools = new List<ToolDefinition>(start?.Tools ?? []);
        foreach (AITool tool in options?.Tools ?? [])
        {
            tools.Add(tool switch
            {
                AIFunctionDeclaration function => AkiToolExtensions.ToAkiTool(function),
                null => throw new ArgumentException("ChatOptions.Tools contains a null entry.", nameof(options)),
                _ => throw new NotSupportedException($"The tool '{tool.Name}' ({tool.GetType().Name}) is a hosted tool AKI.IO does not offer; AKI.IO runs functions you declare (AIFunction, AIFunctionDeclaration) only."),
            });
        }

        ToolChoice? choice = start?.ToolChoice ?? options?.ToolMode switch
        {
            null => null,
            NoneChatToolMode => ToolChoice.None,
            AutoChatToolMode => ToolChoice.Auto,
            RequiredChatToolMode { RequiredFunctionName: { } name } => ToolChoice.ForTool(name),
            RequiredChatToolMode => ToolChoice.Any,
            var mode => throw new NotSupportedException($"The tool mode {mode.GetType().Name} has no equivalent in the Messages API."),
        };

        string? outputTool = null;
        if (options?.ResponseFormat is ChatResponseFormatJson json)
        {
            Tool output = StructuredOutput.CreateTool(json);
            if (tools.Any(t => NameOf(t) == output.Name))
            {
                throw new ArgumentException($"The structured answer travels as a tool named '{output.Name}', and ChatOptions.Tools already has a tool of that name. Give the schema another name.", nameof(options));
            }

            if (choice?.Type == "none")
            {
                // The caller wants no function calls but a structured answer: only the answer tool is offered.
                tools.Clear();
                choice = null;
            }

            tools.Add(output);
            outputTool = output.Name;

            // Alone, the answer tool is forced; beside functions the model must call one of them, and answers through this one at the end.
            if (choice is null || choice.Type == "auto")
            {
                choice = tools.Count == 1 ? ToolChoice.ForTool(output.Name) : ToolChoice.Any;
            }
        }

        if (tools.Count == 0)
        {
            // The API rejects a tool_choice without tools; a tool mode with nothing to choose from means nothing.
            return (null, null, null);
        }

        if (options?.AllowMultipleToolCalls == false && choice?.Type != "none")
        {
            choice = (choice ?? ToolChoice.Auto) with { DisableParallelToolUse = true };
        }

        return (tools, choice, outputTool);
    }

    private static JsonObject? MapAdditionalProperties(JsonObject? start, AdditionalPropertiesDictionary? properties)
    {
        if (properties is not { Count: > 0 })
        {
            return start;
        }

        var body = start is null ? new JsonObject() : (JsonObject)start.DeepClone();
        foreach (KeyValuePair<string, object?> property in properties)
        {
            if (s_modelledFields.Contains(property.Key))
            {
                throw new ArgumentException(
                    $"ChatOptions.AdditionalProperties has '{property.Key}', a field the SDK writes itself; set it through its ChatOptions property (or RawRepresentationFactory) instead.",
                    "options");
            }

            if (!body.ContainsKey(property.Key))
            {
                body[property.Key] = ChatJson.ToNode(property.Value);
            }
        }

        return body;
    }

    private sealed record Turn(MessageRole Role, List<ContentBlock> Blocks);
}
