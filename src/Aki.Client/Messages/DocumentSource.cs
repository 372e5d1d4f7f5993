using System;

namespace Aki.Client;

/// <summary>The <c>source</c> of a <see cref="DocumentBlock"/>.</summary>
/// <param name="Type">The source kind: <c>base64</c>, <c>text</c>, <c>content</c> or <c>url</c>.</param>
public sealed record DocumentSource(string Type)
{
    /// <summary>The media type: <c>application/pdf</c> for base64, <c>text/plain</c> for text.</summary>
    public string? MediaType { get; init; }

    /// <summary>The base64 PDF or the plain text.</summary>
    public string? Data { get; init; }

    /// <summary>The document address, for a <c>url</c> source.</summary>
    public string? Url { get; init; }

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
}
