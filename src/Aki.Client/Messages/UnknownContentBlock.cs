using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>
/// A content block of a type this version of the SDK does not model (server tool results, beta blocks...).
/// Its JSON is kept whole and written back unchanged when the block is sent in a later request.
/// </summary>
/// <param name="Raw">The block's JSON object as received.</param>
public sealed record UnknownContentBlock(JsonElement Raw) : ContentBlock
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type =>
        Raw.ValueKind == JsonValueKind.Object && Raw.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()!
            : string.Empty;
}
