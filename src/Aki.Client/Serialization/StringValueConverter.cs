using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client.Serialization;

/// <summary>Reads and writes the string-backed open sets (<see cref="StopReason"/>, <see cref="MessageRole"/>...) as JSON strings.</summary>
internal abstract class StringValueConverter<T> : JsonConverter<T>
    where T : struct
{
    protected abstract T Create(string value);

    protected abstract string GetValue(T value);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a JSON string for {typeof(T).Name}, found {reader.TokenType}.");
        }

        return Create(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(GetValue(value));
}
