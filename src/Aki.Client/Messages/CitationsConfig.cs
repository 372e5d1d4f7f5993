using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>The <c>citations</c> setting of a <see cref="DocumentBlock"/>.</summary>
/// <param name="Enabled">Whether citations are enabled for the document.</param>
public sealed record CitationsConfig(bool Enabled)
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    /// <summary>Fields of this object that this version of the SDK does not model, kept as received and written back in the same object.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
