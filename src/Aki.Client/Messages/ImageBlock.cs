namespace Aki.Client;

/// <summary>An <c>image</c> content block: base64 data or a URL.</summary>
/// <param name="Source">Where the image comes from; see <see cref="ImageSource.FromBase64"/> and <see cref="ImageSource.FromUrl"/>.</param>
public sealed record ImageBlock(ImageSource Source) : ContentBlock
{
    /// <inheritdoc/>
    public override string Type => "image";
}
