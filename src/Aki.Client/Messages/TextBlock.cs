using System.Collections.Generic;
using System.Text.Json;

namespace Aki.Client;

/// <summary>A <c>text</c> content block.</summary>
/// <param name="Text">The text. Requests reject an empty text block.</param>
public sealed record TextBlock(string Text) : ContentBlock
{
    /// <inheritdoc/>
    public override string Type => "text";

    /// <summary>Citations the model attached to this text, kept as the server sent them; null when there are none.</summary>
    public IReadOnlyList<JsonElement>? Citations { get; init; }
}
