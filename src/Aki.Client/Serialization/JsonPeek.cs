using System.Text.Json;

namespace Aki.Client.Serialization;

internal static class JsonPeek
{
    /// <summary>
    /// Moves a reader positioned on an object's start to the string value of one of its top-level properties.
    /// Returns false when the object has no such property or its value is not a string. The object must be whole
    /// in the reader's buffer.
    /// </summary>
    public static bool TryFindStringProperty(ref Utf8JsonReader reader, System.ReadOnlySpan<byte> name)
    {
        int depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth)
            {
                return false;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            bool match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                return reader.TokenType == JsonTokenType.String;
            }

            reader.Skip();
        }

        return false;
    }
}
