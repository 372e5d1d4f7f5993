using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>A <c>text</c> content block.</summary>
/// <param name="Text">The text. Requests reject an empty text block.</param>
public sealed record TextBlock(string Text) : ContentBlock
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "text";

    /// <summary>A prompt-cache breakpoint after this block (<c>cache_control</c>); null for none.</summary>
    public CacheControl? CacheControl { get; init; }

    /// <summary>Citations the model attached to this text, kept as the server sent them; null when there are none.</summary>
    public IReadOnlyList<JsonElement>? Citations { get; init; }
}
