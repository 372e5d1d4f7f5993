using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>The <c>delta</c> of a <see cref="MessageDeltaEvent"/>.</summary>
public sealed record MessageDelta
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    // Written even when null, as the API writes them.

    /// <summary>Why generation stopped.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public StopReason? StopReason { get; init; }

    /// <summary>The stop sequence that was hit, if any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopSequence { get; init; }

    /// <summary>Other fields (such as <c>stop_details</c>), kept as received and copied onto the final message.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
