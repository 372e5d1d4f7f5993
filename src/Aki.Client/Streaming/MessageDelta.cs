using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>The <c>delta</c> of a <see cref="MessageDeltaEvent"/>.</summary>
public sealed record MessageDelta
{
    /// <summary>Why generation stopped.</summary>
    public StopReason? StopReason { get; init; }

    /// <summary>The stop sequence that was hit, if any.</summary>
    public string? StopSequence { get; init; }

    /// <summary>Other fields (such as <c>stop_details</c>), kept as received and copied onto the final message.</summary>
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}
