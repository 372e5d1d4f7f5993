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
    private protected ContentBlockDelta()
    {
    }

    /// <summary>The delta's <c>type</c>, such as <c>text_delta</c>.</summary>
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }
}
