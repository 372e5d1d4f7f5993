using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client.Serialization;

/// <summary>
/// Reads a content block by its <c>type</c> (wherever it stands in the object) and hands the object to the
/// source-generated metadata of the matching record; an unknown type becomes <see cref="UnknownContentBlock"/>.
/// </summary>
internal sealed class ContentBlockConverter : JsonConverter<ContentBlock>
{
    private enum Kind
    {
        Unknown,
        Text,
        Image,
        Document,
        ToolUse,
        ToolResult,
        Thinking,
        RedactedThinking,
    }

    public override ContentBlock? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A content block must be a JSON object, found {reader.TokenType}.");
        }

        AkiJsonContext context = AkiJsonContext.Default;
        return PeekKind(reader) switch
        {
            Kind.Text => JsonSerializer.Deserialize(ref reader, context.TextBlock),
            Kind.Image => JsonSerializer.Deserialize(ref reader, context.ImageBlock),
            Kind.Document => JsonSerializer.Deserialize(ref reader, context.DocumentBlock),
            Kind.ToolUse => JsonSerializer.Deserialize(ref reader, context.ToolUseBlock),
            Kind.ToolResult => JsonSerializer.Deserialize(ref reader, context.ToolResultBlock),
            Kind.Thinking => JsonSerializer.Deserialize(ref reader, context.ThinkingBlock),
            Kind.RedactedThinking => JsonSerializer.Deserialize(ref reader, context.RedactedThinkingBlock),
            _ => new UnknownContentBlock(JsonElement.ParseValue(ref reader)),
        };
    }

    public override void Write(Utf8JsonWriter writer, ContentBlock value, JsonSerializerOptions options)
    {
        AkiJsonContext context = AkiJsonContext.Default;
        switch (value)
        {
            case TextBlock text:
                JsonSerializer.Serialize(writer, text, context.TextBlock);
                break;
            case ImageBlock image:
                JsonSerializer.Serialize(writer, image, context.ImageBlock);
                break;
            case DocumentBlock document:
                JsonSerializer.Serialize(writer, document, context.DocumentBlock);
                break;
            case ToolUseBlock toolUse when toolUse.IsInputIncomplete:
                // RequestValidator refuses this before a request is sent; writing a message through AkiJson lands here.
                throw new ArgumentException(
                    $"Tool call '{toolUse.Id}' ({toolUse.Name}) cannot be written: its input was cut off when the stream ended. Remove the block or replace it with a complete one.");
            case ToolUseBlock toolUse:
                JsonSerializer.Serialize(writer, toolUse, context.ToolUseBlock);
                break;
            case ToolResultBlock toolResult:
                JsonSerializer.Serialize(writer, toolResult, context.ToolResultBlock);
                break;
            case ThinkingBlock thinking:
                JsonSerializer.Serialize(writer, thinking, context.ThinkingBlock);
                break;
            case RedactedThinkingBlock redacted:
                JsonSerializer.Serialize(writer, redacted, context.RedactedThinkingBlock);
                break;
            case UnknownContentBlock unknown:
                unknown.Raw.WriteTo(writer);
                break;
            default:
                throw new JsonException($"Unsupported content block type {value.GetType()}.");
        }
    }

    /// <summary>Finds the object's <c>type</c> on a copy of the reader; the converter's caller has buffered the whole object.</summary>
    private static Kind PeekKind(Utf8JsonReader reader)
    {
        if (!JsonPeek.TryFindStringProperty(ref reader, "type"u8))
        {
            return Kind.Unknown;
        }

        return reader.ValueTextEquals("text"u8) ? Kind.Text
            : reader.ValueTextEquals("tool_use"u8) ? Kind.ToolUse
            : reader.ValueTextEquals("thinking"u8) ? Kind.Thinking
            : reader.ValueTextEquals("tool_result"u8) ? Kind.ToolResult
            : reader.ValueTextEquals("image"u8) ? Kind.Image
            : reader.ValueTextEquals("document"u8) ? Kind.Document
            : reader.ValueTextEquals("redacted_thinking"u8) ? Kind.RedactedThinking
            : Kind.Unknown;
    }
}
