using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>Token counts of a message. In streams, the last reported values win (they are totals, not increments).</summary>
public sealed record Usage
{
    // Declared in the order the API writes them, so a message written back matches its bytes.
    private IDictionary<string, JsonElement>? _additionalProperties;

    /// <summary>
    /// The usage of a message that reported none: all zero. One instance serves every such message (nothing in it
    /// can change), so a message does not allocate one only to have it replaced by the usage it reads.
    /// </summary>
    internal static Usage None { get; } = new();

    /// <summary>Input tokens not read from or written to the cache.</summary>
    public int InputTokens { get; init; }

    /// <summary>Input tokens written to the prompt cache; null when the server does not report it.</summary>
    public int? CacheCreationInputTokens { get; init; }

    /// <summary>Input tokens read from the prompt cache; null when the server does not report it.</summary>
    public int? CacheReadInputTokens { get; init; }

    /// <summary>Cache writes by lifetime, when reported.</summary>
    public CacheCreationUsage? CacheCreation { get; init; }

    /// <summary>Generated tokens.</summary>
    public int OutputTokens { get; init; }

    /// <summary>The service tier that served the request, when reported.</summary>
    public string? ServiceTier { get; init; }

    /// <summary>Usage fields this version of the SDK does not model, kept as received.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // System.Text.Json binds an init-only extension data property like a constructor parameter and then refuses
    // the whole type ("cannot bind with a parameter in the deserialization constructor"); this settable twin
    // carries the extension data for the serializer while the public property stays init-only.
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }

    /// <summary>All input tokens: uncached, cache writes and cache reads.</summary>
    [JsonIgnore]
    public int TotalInputTokens => InputTokens + (CacheCreationInputTokens ?? 0) + (CacheReadInputTokens ?? 0);
}
