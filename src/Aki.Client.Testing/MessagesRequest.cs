using System;
using System.Text;
using System.Text.Json;

namespace Aki.Client.Testing;

/// <summary>What the matcher needs from a <c>POST /v1/messages</c> body, read after AKI.IO-style validation.</summary>
internal sealed class MessagesRequest
{
    private MessagesRequest(string model, bool stream, int messageCount, string? firstUserText)
    {
        Model = model;
        Stream = stream;
        MessageCount = messageCount;
        FirstUserText = firstUserText;
    }

    public string Model { get; }

    public bool Stream { get; }

    public int MessageCount { get; }

    /// <summary>The first user message's text: the string content, or its text blocks joined with newlines.</summary>
    public string? FirstUserText { get; }

    /// <summary>The same request as if it had asked for another model: how AKI.IO's fallback is answered.</summary>
    public MessagesRequest WithModel(string model) => new(model, Stream, MessageCount, FirstUserText);

    /// <summary>Reads the body, or returns the <c>invalid_request_error</c> message AKI.IO would answer with.</summary>
    public static MessagesRequest? Parse(byte[] body, out string? error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            error = "The request body is not valid JSON: " + e.Message;
            return null;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The request body must be a JSON object.";
                return null;
            }

            error = Validate(root);
            if (error is not null)
            {
                return null;
            }

            bool stream = root.TryGetProperty("stream", out JsonElement s) && s.ValueKind == JsonValueKind.True;
            JsonElement messages = root.GetProperty("messages");
            return new MessagesRequest(root.GetProperty("model").GetString()!, stream, messages.GetArrayLength(), ReadFirstUserText(messages));
        }
    }

    private static string? Validate(JsonElement root)
    {
        if (!root.TryGetProperty("model", out JsonElement model))
        {
            return "model: Field required";
        }

        if (model.ValueKind != JsonValueKind.String || model.GetString()!.Length == 0)
        {
            return "model: Input should be a non-empty string";
        }

        if (!root.TryGetProperty("messages", out JsonElement messages))
        {
            return "messages: Field required";
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            return "messages: Input should be a valid list";
        }

        if (messages.GetArrayLength() == 0)
        {
            return "messages: at least one message is required";
        }

        int index = 0;
        foreach (JsonElement message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("role", out JsonElement role)
                || role.ValueKind != JsonValueKind.String
                || !message.TryGetProperty("content", out _))
            {
                return $"messages.{index}: each message needs a \"role\" and \"content\"";
            }

            index++;
        }

        if (!root.TryGetProperty("max_tokens", out JsonElement maxTokens))
        {
            return "max_tokens: Field required";
        }

        if (maxTokens.ValueKind != JsonValueKind.Number || !maxTokens.TryGetInt64(out long value))
        {
            return "max_tokens: Input should be a valid integer";
        }

        if (value < 1)
        {
            return "max_tokens: Input should be greater than or equal to 1";
        }

        if (root.TryGetProperty("stream", out JsonElement stream) && stream.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return "stream: Input should be a valid boolean";
        }

        return null;
    }

    private static string? ReadFirstUserText(JsonElement messages)
    {
        foreach (JsonElement message in messages.EnumerateArray())
        {
            if (message.GetProperty("role").GetString() != "user")
            {
                continue;
            }

            JsonElement content = message.GetProperty("content");
            if (content.ValueKind == JsonValueKind.String)
            {
                return content.GetString();
            }

            if (content.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var text = new StringBuilder();
            foreach (JsonElement block in content.EnumerateArray())
            {
                if (block.ValueKind == JsonValueKind.Object
                    && block.TryGetProperty("type", out JsonElement type) && type.ValueEquals("text")
                    && block.TryGetProperty("text", out JsonElement value) && value.ValueKind == JsonValueKind.String)
                {
                    if (text.Length > 0)
                    {
                        text.Append('\n');
                    }

                    text.Append(value.GetString());
                }
            }

            return text.ToString();
        }

        return null;
    }
}
