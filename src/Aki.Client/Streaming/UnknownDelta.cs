using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>A delta of a type this version of the SDK does not know; kept as JSON and ignored by the accumulator.</summary>
/// <param name="Raw">The delta object as received.</param>
public sealed record UnknownDelta(JsonElement Raw) : ContentBlockDelta
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type =>
        Raw.ValueKind == JsonValueKind.Object && Raw.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()!
            : string.Empty;
}
