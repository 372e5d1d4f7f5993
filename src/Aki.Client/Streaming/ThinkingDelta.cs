using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>thinking_delta</c>: more reasoning text for a thinking block.</summary>
/// <param name="Thinking">The text to append.</param>
public sealed record ThinkingDelta(string Thinking) : ContentBlockDelta
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "thinking_delta";
}
