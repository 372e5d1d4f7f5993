using System;

namespace Aki.Client;

/// <summary>
/// A stream ended before <c>message_stop</c>: the connection closed or broke. <see cref="AkiException.PartialMessage"/>
/// holds everything received until then. Streams are never replayed silently.
/// </summary>
public sealed class AkiStreamTruncatedException : AkiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The I/O error, if the connection broke.</param>
    public AkiStreamTruncatedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
