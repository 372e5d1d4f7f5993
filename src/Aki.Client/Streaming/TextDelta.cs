using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>text_delta</c>: more text for a text block.</summary>
/// <param name="Text">The text to append.</param>
public sealed record TextDelta(string Text) : ContentBlockDelta
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "text_delta";
}
