using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>The <c>usage</c> of a <see cref="MessageDeltaEvent"/>: cumulative totals; null fields were not sent.</summary>
public sealed record MessageDeltaUsage
{
    /// <summary>Input tokens, when the server repeats or corrects them here.</summary>
    public int? InputTokens { get; init; }

    /// <summary>Output tokens so far.</summary>
    public int? OutputTokens { get; init; }

    /// <summary>Input tokens written to the cache.</summary>
    public int? CacheCreationInputTokens { get; init; }

    /// <summary>Input tokens read from the cache.</summary>
    public int? CacheReadInputTokens { get; init; }

    /// <summary>Other usage fields, kept as received.</summary>
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}
