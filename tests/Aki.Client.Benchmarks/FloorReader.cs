using System.Text.Json;

namespace Aki.Client.Benchmarks;

/// <summary>The floor's JSON reading, shared by the benchmarks that compare against it.</summary>
internal static class FloorReader
{
    /// <summary>Copies <c>delta.text</c> (or <c>delta.partial_json</c>) of an event's data into <paramref name="buffer"/>; returns the characters copied.</summary>
    public static int CopyDeltaText(ReadOnlySpan<byte> data, char[] buffer)
    {
        var reader = new Utf8JsonReader(data);
        return FindDeltaValue(ref reader) != 0 ? reader.CopyString(buffer) : 0;
    }

    /// <summary>Moves the reader onto the value of <c>delta.text</c> (1) or <c>delta.partial_json</c> (2); 0 when there is none.</summary>
    public static int FindDeltaValue(ref Utf8JsonReader reader)
    {
        int depth = 0;
        bool inDelta = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    depth++;
                    break;
                case JsonTokenType.EndObject:
                    depth--;
                    inDelta = false;
                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("delta"u8):
                    inDelta = true;
                    break;
                case JsonTokenType.PropertyName when depth == 2 && inDelta && reader.ValueTextEquals("text"u8):
                    reader.Read();
                    return 1;
                case JsonTokenType.PropertyName when depth == 2 && inDelta && reader.ValueTextEquals("partial_json"u8):
                    reader.Read();
                    return 2;
                case JsonTokenType.PropertyName:
                    break;
            }
        }

        return 0;
    }
}
