using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aki.Client.Tests.ChatClient;

/// <summary>
/// What a caller sees of a <see cref="ChatResponse"/>, as comparable text: ids, model, finish reason, usage and every
/// content with the fields that matter. Two responses with equal projections answer the same.
/// </summary>
internal static class ChatProjection
{
    public static List<string> Of(ChatResponse response)
    {
        var lines = new List<string>
        {
            $"response {response.ResponseId} model {response.ModelId} finish {response.FinishReason?.Value}",
            $"usage {response.Usage?.InputTokenCount}/{response.Usage?.OutputTokenCount}/{response.Usage?.TotalTokenCount}/{response.Usage?.CachedInputTokenCount}",
            $"messages {response.Messages.Count}",
        };

        foreach (ChatMessage message in response.Messages)
        {
            lines.Add($"message {message.Role} {message.MessageId}");
            var contents = new List<string>();
            foreach (AIContent content in message.Contents)
            {
                string line = Of(content);

                // ToChatResponse joins adjacent texts (block boundaries are not part of the answer), and a stream
                // hands out interleaved tool calls in the order they complete: both are normalised here.
                if (line.StartsWith("text: ", StringComparison.Ordinal) && contents.Count > 0 && contents[^1].StartsWith("text: ", StringComparison.Ordinal))
                {
                    contents[^1] += line["text: ".Length..];
                    continue;
                }

                contents.Add(line);
            }

            lines.AddRange(SortCallRuns(contents));
        }

        return lines;
    }

    private static List<string> SortCallRuns(List<string> contents)
    {
        var result = new List<string>();
        var run = new List<string>();
        foreach (string line in contents.Append("end"))
        {
            if (line.StartsWith("call ", StringComparison.Ordinal))
            {
                run.Add(line);
                continue;
            }

            result.AddRange(run.Order(StringComparer.Ordinal));
            run.Clear();
            result.Add(line);
        }

        result.RemoveAt(result.Count - 1);
        return result;
    }

    public static string Of(AIContent content) => content switch
    {
        TextContent text => "text: " + text.Text,
        TextReasoningContent reasoning => $"reasoning: {reasoning.Text} | protected: {reasoning.ProtectedData}",
        FunctionCallContent call => $"call {call.CallId} {call.Name} {Arguments(call)} error: {call.Exception?.Message} partial: {call.AdditionalProperties?.GetValueOrDefault(AkiChatResponseProperties.IncompleteInputJson)}",
        _ => $"{content.GetType().Name} raw: {(content.RawRepresentation as ContentBlock)?.Type}",
    };

    private static string Arguments(FunctionCallContent call) =>
        call.Arguments is null ? "(none)" : string.Join(",", call.Arguments.Select(a => a.Key + "=" + (a.Value is JsonElement e ? e.GetRawText() : a.Value?.ToString())));
}
