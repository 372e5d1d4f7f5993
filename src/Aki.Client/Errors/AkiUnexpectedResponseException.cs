using System;

namespace Aki.Client;

/// <summary>
/// A successful status came with a body the SDK cannot read: not JSON, not the expected shape, or not
/// <c>text/event-stream</c> where a stream was asked for. Often a proxy or a wrong endpoint.
/// </summary>
public sealed class AkiUnexpectedResponseException : AkiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what came.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="contentType">The response's content type, if any.</param>
    /// <param name="bodyExcerpt">A short excerpt of the body.</param>
    /// <param name="innerException">The parse error, if any.</param>
    public AkiUnexpectedResponseException(string message, int statusCode, string? contentType, string? bodyExcerpt, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        BodyExcerpt = bodyExcerpt;
    }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>The response's content type, if any.</summary>
    public string? ContentType { get; }

    /// <summary>A short excerpt of the body (at most a few hundred characters).</summary>
    public string? BodyExcerpt { get; }
}
