using System;

namespace Aki.Client;

/// <summary>
/// An SDK-owned timeout expired (<see cref="AkiClientOptions.Timeout"/>, or a stream's wait for headers or for its
/// next event). The caller's own cancellation never surfaces as this type: it is an
/// <see cref="OperationCanceledException"/> carrying the caller's token.
/// </summary>
public sealed class AkiTimeoutException : AkiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which timeout expired and how to change it.</param>
    /// <param name="timeout">The limit that was exceeded.</param>
    /// <param name="innerException">The cancellation the timeout caused.</param>
    public AkiTimeoutException(string message, TimeSpan timeout, Exception? innerException)
        : base(message, innerException) => Timeout = timeout;

    /// <summary>The limit that was exceeded.</summary>
    public TimeSpan Timeout { get; }
}
