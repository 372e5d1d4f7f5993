using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client.Serialization;

/// <summary>
/// Serializes an event through its base type as its own data JSON (not just <c>{"type":...}</c>), and reads one by the
/// data's <c>type</c>, so events nested in a caller's own types survive whole.
/// </summary>
internal sealed class MessageStreamEventConverter : JsonConverter<MessageStreamEvent>
{
    public override MessageStreamEvent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        try
        {
            return StreamEventJson.Parse(default, Encoding.UTF8.GetBytes(document.RootElement.GetRawText()));
        }
        catch (ArgumentException e) when (e.InnerException is JsonException inner)
        {
            throw new JsonException(inner.Message, inner);
        }
    }

    public override void Write(Utf8JsonWriter writer, MessageStreamEvent value, JsonSerializerOptions options) =>
        StreamEventJson.Write(writer, value);
}
