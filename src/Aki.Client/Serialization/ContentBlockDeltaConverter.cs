using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client.Serialization;

/// <summary>Reads a delta by its <c>type</c> (in any position); unknown types become <see cref="UnknownDelta"/>.</summary>
internal sealed class ContentBlockDeltaConverter : JsonConverter<ContentBlockDelta>
{
    public override ContentBlockDelta? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A content block delta must be a JSON object, found {reader.TokenType}.");
        }

        AkiJsonContext context = AkiJsonContext.Default;
        Utf8JsonReader peek = reader;
        if (JsonPeek.TryFindStringProperty(ref peek, "type"u8))
        {
            if (peek.ValueTextEquals("text_delta"u8))
            {
                return JsonSerializer.Deserialize(ref reader, context.TextDelta);
            }

            if (peek.ValueTextEquals("input_json_delta"u8))
            {
                return JsonSerializer.Deserialize(ref reader, context.InputJsonDelta);
            }

            if (peek.ValueTextEquals("thinking_delta"u8))
            {
                return JsonSerializer.Deserialize(ref reader, context.ThinkingDelta);
            }

            if (peek.ValueTextEquals("signature_delta"u8))
            {
                return JsonSerializer.Deserialize(ref reader, context.SignatureDelta);
            }

            if (peek.ValueTextEquals("citations_delta"u8))
            {
                return JsonSerializer.Deserialize(ref reader, context.CitationsDelta);
            }
        }

        return new UnknownDelta(JsonElement.ParseValue(ref reader));
    }

    public override void Write(Utf8JsonWriter writer, ContentBlockDelta value, JsonSerializerOptions options)
    {
        AkiJsonContext context = AkiJsonContext.Default;
        switch (value)
        {
            case TextDelta text:
                JsonSerializer.Serialize(writer, text, context.TextDelta);
                break;
            case InputJsonDelta json:
                JsonSerializer.Serialize(writer, json, context.InputJsonDelta);
                break;
            case ThinkingDelta thinking:
                JsonSerializer.Serialize(writer, thinking, context.ThinkingDelta);
                break;
            case SignatureDelta signature:
                JsonSerializer.Serialize(writer, signature, context.SignatureDelta);
                break;
            case CitationsDelta citations:
                JsonSerializer.Serialize(writer, citations, context.CitationsDelta);
                break;
            case UnknownDelta unknown:
                unknown.Raw.WriteTo(writer);
                break;
            default:
                throw new JsonException($"Unsupported delta type {value.GetType()}.");
        }
    }
}
