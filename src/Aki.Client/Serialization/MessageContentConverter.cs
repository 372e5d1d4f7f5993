using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client.Serialization;

/// <summary>Writes <see cref="MessageContent"/> as a JSON string or an array of blocks, and reads either.</summary>
internal sealed class MessageContentConverter : JsonConverter<MessageContent>
{
    public override MessageContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => MessageContent.FromText(reader.GetString()!),
            JsonTokenType.StartArray => MessageContent.FromBlocks(
                JsonSerializer.Deserialize(ref reader, AkiJsonContext.Default.IReadOnlyListContentBlock) ?? []),
            _ => throw new JsonException($"Message content must be a string or an array of blocks, found {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, MessageContent value, JsonSerializerOptions options)
    {
        if (value.Text is not null)
        {
            writer.WriteStringValue(value.Text);
            return;
        }

        JsonSerializer.Serialize(writer, value.Blocks!, AkiJsonContext.Default.IReadOnlyListContentBlock);
    }
}

/// <summary>Writes <see cref="SystemPrompt"/> as a JSON string or an array of text blocks, and reads either.</summary>
internal sealed class SystemPromptConverter : JsonConverter<SystemPrompt>
{
    public override SystemPrompt? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => SystemPrompt.FromText(reader.GetString()!),
            JsonTokenType.StartArray => SystemPrompt.FromBlocks(
                JsonSerializer.Deserialize(ref reader, AkiJsonContext.Default.IReadOnlyListTextBlock) ?? new List<TextBlock>()),
            _ => throw new JsonException($"The system prompt must be a string or an array of text blocks, found {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, SystemPrompt value, JsonSerializerOptions options)
    {
        if (value.Text is not null)
        {
            writer.WriteStringValue(value.Text);
            return;
        }

        JsonSerializer.Serialize(writer, value.Blocks!, AkiJsonContext.Default.IReadOnlyListTextBlock);
    }
}
