using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>
/// A prompt-cache breakpoint (<c>cache_control</c>) on a content block, a system block or a tool: the prompt up to
/// and including it may be cached. Anthropic honours it; AKI.IO is not known to (see docs/lossless-json.md), and the
/// SDK sends it either way.
/// </summary>
/// <param name="Type">The wire type; <c>ephemeral</c> is the one the API defines.</param>
public sealed record CacheControl(string Type)
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    /// <summary>The cache lifetime, <c>5m</c> or <c>1h</c>; null leaves the server's default (5 minutes on Anthropic).</summary>
    public string? Ttl { get; init; }

    /// <summary>An ephemeral breakpoint with the server's default lifetime.</summary>
    public static CacheControl Ephemeral { get; } = new("ephemeral");

    /// <summary>Fields of the <c>cache_control</c> object this version of the SDK does not model, kept and written back.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }

    /// <summary>An ephemeral breakpoint with an explicit lifetime.</summary>
    /// <param name="ttl">The lifetime as the API writes it: <c>5m</c> or <c>1h</c>.</param>
    public static CacheControl EphemeralFor(string ttl) => new("ephemeral") { Ttl = ttl };
}
