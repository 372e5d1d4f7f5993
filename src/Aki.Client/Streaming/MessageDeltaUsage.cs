using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>The <c>usage</c> of a <see cref="MessageDeltaEvent"/>: cumulative totals; null fields were not sent.</summary>
public sealed record MessageDeltaUsage
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    /// <summary>Input tokens, when the server repeats or corrects them here.</summary>
    public int? InputTokens { get; init; }

    /// <summary>Input tokens written to the cache.</summary>
    public int? CacheCreationInputTokens { get; init; }

    /// <summary>Input tokens read from the cache.</summary>
    public int? CacheReadInputTokens { get; init; }

    /// <summary>Output tokens so far.</summary>
    public int? OutputTokens { get; init; }

    /// <summary>Other usage fields, kept as received.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
