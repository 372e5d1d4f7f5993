using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>The <c>source</c> of an <see cref="ImageBlock"/>.</summary>
/// <param name="Type">The source kind: <c>base64</c>, <c>url</c> or <c>file</c>.</param>
public sealed record ImageSource(string Type)
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    /// <summary>The media type of base64 data: <c>image/jpeg</c>, <c>image/png</c>, <c>image/gif</c> or <c>image/webp</c>.</summary>
    public string? MediaType { get; init; }

    /// <summary>The base64-encoded image, for a <c>base64</c> source.</summary>
    public string? Data { get; init; }

    /// <summary>The image address, for a <c>url</c> source.</summary>
    public string? Url { get; init; }

    /// <summary>The id of an uploaded file (Anthropic Files API), for a <c>file</c> source.</summary>
    public string? FileId { get; init; }

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

    /// <summary>A file uploaded beforehand and named by its id (<c>{"type":"file","file_id":...}</c>).</summary>
    /// <param name="fileId">The file's id, such as <c>file_011C...</c>.</param>
    public static ImageSource FromFile(string fileId) => new("file") { FileId = fileId };

    /// <summary>Fields of this object that this version of the SDK does not model, kept as received and written back in the same object.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
