using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>Prompt-cache writes by cache lifetime.</summary>
public sealed record CacheCreationUsage
{
    /// <summary>Tokens written with the 5-minute lifetime.</summary>
    [JsonPropertyName("ephemeral_5m_input_tokens")]
    public int Ephemeral5mInputTokens { get; init; }

    /// <summary>Tokens written with the 1-hour lifetime.</summary>
    [JsonPropertyName("ephemeral_1h_input_tokens")]
    public int Ephemeral1hInputTokens { get; init; }
}
