using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>A <c>redacted_thinking</c> content block: encrypted reasoning to send back unchanged.</summary>
/// <param name="Data">The opaque data.</param>
public sealed record RedactedThinkingBlock(string Data) : ContentBlock
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "redacted_thinking";
}
