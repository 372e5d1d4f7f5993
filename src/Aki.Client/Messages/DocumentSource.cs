using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>The <c>source</c> of a <see cref="DocumentBlock"/>.</summary>
/// <param name="Type">The source kind: <c>base64</c>, <c>text</c>, <c>content</c>, <c>url</c> or <c>file</c>.</param>
public sealed record DocumentSource(string Type)
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    /// <summary>The media type: <c>application/pdf</c> for base64, <c>text/plain</c> for text.</summary>
    public string? MediaType { get; init; }

    /// <summary>The base64 PDF or the plain text.</summary>
    public string? Data { get; init; }

    /// <summary>The document address, for a <c>url</c> source.</summary>
    public string? Url { get; init; }

    /// <summary>The id of an uploaded file (Anthropic Files API), for a <c>file</c> source.</summary>
    public string? FileId { get; init; }

    /// <summary>Inline content, for a <c>content</c> source.</summary>
    public MessageContent? Content { get; init; }

    /// <summary>A PDF given as base64 text.</summary>
    /// <param name="base64Pdf">The base64-encoded PDF bytes.</param>
    public static DocumentSource FromPdfBase64(string base64Pdf) =>
        new("base64") { MediaType = "application/pdf", Data = base64Pdf };

    /// <summary>A plain-text document.</summary>
    /// <param name="text">The document's text.</param>
    public static DocumentSource FromText(string text) =>
        new("text") { MediaType = "text/plain", Data = text };

    /// <summary>A document the server fetches from an address.</summary>
    /// <param name="url">An absolute http or https address.</param>
    public static DocumentSource FromUrl(Uri url) => new("url") { Url = url?.AbsoluteUri };

    /// <summary>A document made of content blocks or a string.</summary>
    /// <param name="content">The content.</param>
    public static DocumentSource FromContent(MessageContent content) => new("content") { Content = content };

    /// <summary>A file uploaded beforehand and named by its id (<c>{"type":"file","file_id":...}</c>).</summary>
    /// <param name="fileId">The file's id, such as <c>file_011C...</c>.</param>
    public static DocumentSource FromFile(string fileId) => new("file") { FileId = fileId };

    /// <summary>Fields of this object that this version of the SDK does not model, kept as received and written back in the same object.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
