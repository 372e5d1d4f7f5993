using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>Prompt-cache writes by cache lifetime.</summary>
public sealed record CacheCreationUsage
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    /// <summary>Tokens written with the 5-minute lifetime.</summary>
    [JsonPropertyName("ephemeral_5m_input_tokens")]
    public int Ephemeral5mInputTokens { get; init; }

    /// <summary>Tokens written with the 1-hour lifetime.</summary>
    [JsonPropertyName("ephemeral_1h_input_tokens")]
    public int Ephemeral1hInputTokens { get; init; }

    /// <summary>Fields of this object that this version of the SDK does not model, kept as received and written back in the same object.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
