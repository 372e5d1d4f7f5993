using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>An <c>image</c> content block: base64 data or a URL.</summary>
/// <param name="Source">Where the image comes from; see <see cref="ImageSource.FromBase64"/> and <see cref="ImageSource.FromUrl"/>.</param>
public sealed record ImageBlock(ImageSource Source) : ContentBlock
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "image";

    /// <summary>A prompt-cache breakpoint after this block (<c>cache_control</c>); null for none.</summary>
    public CacheControl? CacheControl { get; init; }
}
