using System;

namespace Aki.Client;

/// <summary>The base of every exception the SDK throws for a failed call (argument errors aside).</summary>
public class AkiException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public AkiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public AkiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The <c>request-id</c> of the response involved, when there was one; quote it in support requests.</summary>
    public string? RequestId { get; init; }

    /// <summary>How many attempts were made, retries included, before this error surfaced.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>
    /// For a stream that failed part-way (an error event, a broken connection, a missing <c>message_stop</c>): the
    /// message accumulated from the events received before the failure. Null otherwise.
    /// </summary>
    public Message? PartialMessage { get; init; }
}
