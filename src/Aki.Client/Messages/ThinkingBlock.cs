using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>A <c>thinking</c> content block: the model's reasoning. Send it back unchanged in multi-turn tool use.</summary>
/// <param name="Thinking">The reasoning text.</param>
public sealed record ThinkingBlock(string Thinking) : ContentBlock
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "thinking";

    /// <summary>The opaque signature; open-model servers may send none or a placeholder.</summary>
    public string? Signature { get; init; }
}
