using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// The increment in a <see cref="ContentBlockDeltaEvent"/>: <see cref="TextDelta"/>, <see cref="InputJsonDelta"/>,
/// <see cref="ThinkingDelta"/>, <see cref="SignatureDelta"/>, <see cref="CitationsDelta"/>, or <see cref="UnknownDelta"/>.
/// </summary>
[JsonConverter(typeof(ContentBlockDeltaConverter))]
public abstract record ContentBlockDelta
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    private protected ContentBlockDelta()
    {
    }

    /// <summary>The delta's <c>type</c>, such as <c>text_delta</c>.</summary>
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }

    /// <summary>Fields of this object that this version of the SDK does not model, kept as received and written back in the same object.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
