using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>A <c>document</c> content block: a PDF, plain text, inline content or a URL.</summary>
/// <param name="Source">The document; see the factories on <see cref="DocumentSource"/>.</param>
public sealed record DocumentBlock(DocumentSource Source) : ContentBlock
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "document";

    /// <summary>A prompt-cache breakpoint after this block (<c>cache_control</c>); null for none.</summary>
    public CacheControl? CacheControl { get; init; }

    /// <summary>An optional title the model may use when citing the document.</summary>
    public string? Title { get; init; }

    /// <summary>Optional context about the document that the model reads but does not cite.</summary>
    public string? Context { get; init; }

    /// <summary>Whether the model may cite this document; null leaves the server's default.</summary>
    public CitationsConfig? Citations { get; init; }
}
