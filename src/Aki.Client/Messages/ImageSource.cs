using System;

namespace Aki.Client;

/// <summary>The <c>source</c> of an <see cref="ImageBlock"/>.</summary>
/// <param name="Type">The source kind: <c>base64</c> or <c>url</c>.</param>
public sealed record ImageSource(string Type)
{
    /// <summary>The media type of base64 data: <c>image/jpeg</c>, <c>image/png</c>, <c>image/gif</c> or <c>image/webp</c>.</summary>
    public string? MediaType { get; init; }

    /// <summary>The base64-encoded image, for a <c>base64</c> source.</summary>
    public string? Data { get; init; }

    /// <summary>The image address, for a <c>url</c> source.</summary>
    public string? Url { get; init; }

    /// <summary>An image given as base64 text.</summary>
    /// <param name="mediaType">For example <c>image/png</c>.</param>
    /// <param name="base64Data">The base64-encoded bytes.</param>
    public static ImageSource FromBase64(string mediaType, string base64Data) =>
        new("base64") { MediaType = mediaType, Data = base64Data };

    /// <summary>An image given as bytes; they are base64-encoded for the wire.</summary>
    /// <param name="mediaType">For example <c>image/png</c>.</param>
    /// <param name="bytes">The image file's bytes.</param>
    public static ImageSource FromBytes(string mediaType, byte[] bytes) =>
        FromBase64(mediaType, Convert.ToBase64String(bytes));

    /// <summary>An image the server fetches from an address.</summary>
    /// <param name="url">An absolute http or https address.</param>
    public static ImageSource FromUrl(Uri url) => new("url") { Url = url?.AbsoluteUri };
}
