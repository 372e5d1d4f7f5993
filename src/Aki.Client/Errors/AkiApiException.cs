using System;

namespace Aki.Client;

/// <summary>
/// The server answered with an error: an HTTP error status, or an <c>event: error</c> inside a stream (then
/// <see cref="StatusCode"/> is 200). Subclasses exist where a caller acts differently:
/// <see cref="AkiBadRequestException"/>, <see cref="AkiAuthenticationException"/>, <see cref="AkiNotFoundException"/>,
/// <see cref="AkiRateLimitException"/>.
/// </summary>
public class AkiApiException : AkiException
{
    /// <summary>Creates an API exception.</summary>
    /// <param name="message">The exception message.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorType">The error type, when the body carried one.</param>
    /// <param name="serverMessage">The server's own message, when the body carried one.</param>
    /// <param name="rawBody">The raw response body (or the <c>data</c> of an error event).</param>
    public AkiApiException(string message, int statusCode, ApiErrorType? errorType, string? serverMessage, string? rawBody)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
        ServerMessage = serverMessage;
        RawBody = rawBody;
    }

    /// <summary>The HTTP status; 200 for an error event inside a stream.</summary>
    public int StatusCode { get; }

    /// <summary>The body's error type (<c>error.type</c>, or the equivalent of other body shapes); null when the body had none.</summary>
    public ApiErrorType? ErrorType { get; }

    /// <summary>The server's message, when the body carried one.</summary>
    public string? ServerMessage { get; }

    /// <summary>The response body as received, for diagnosis. It never contains the API key unless the server echoed it.</summary>
    public string? RawBody { get; }

    /// <summary>How long the server asked the caller to wait (<c>retry-after-ms</c> or <c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A copy of this exception, of the same type, with another attempt count and partial message.</summary>
    internal AkiApiException With(int attempts, Message? partialMessage) =>
        Create(GetType(), Message, StatusCode, ErrorType, ServerMessage, RawBody, RetryAfter, RequestId, attempts, partialMessage ?? PartialMessage);

    /// <summary>Creates the exception of the given type (this class or one of its subclasses) with every property set.</summary>
    internal static AkiApiException Create(
        Type kind,
        string message,
        int statusCode,
        ApiErrorType? errorType,
        string? serverMessage,
        string? rawBody,
        TimeSpan? retryAfter,
        string? requestId,
        int attempts,
        Message? partialMessage)
    {
        // Init-only properties can only be set in an initializer, hence one per type.
        if (kind == typeof(AkiRateLimitException))
        {
            return new AkiRateLimitException(message, statusCode, errorType, serverMessage, rawBody) { RetryAfter = retryAfter, RequestId = requestId, Attempts = attempts, PartialMessage = partialMessage };
        }

        if (kind == typeof(AkiAuthenticationException))
        {
            return new AkiAuthenticationException(message, statusCode, errorType, serverMessage, rawBody) { RetryAfter = retryAfter, RequestId = requestId, Attempts = attempts, PartialMessage = partialMessage };
        }

        if (kind == typeof(AkiBadRequestException))
        {
            return new AkiBadRequestException(message, statusCode, errorType, serverMessage, rawBody) { RetryAfter = retryAfter, RequestId = requestId, Attempts = attempts, PartialMessage = partialMessage };
        }

        if (kind == typeof(AkiNotFoundException))
        {
            return new AkiNotFoundException(message, statusCode, errorType, serverMessage, rawBody) { RetryAfter = retryAfter, RequestId = requestId, Attempts = attempts, PartialMessage = partialMessage };
        }

        return new AkiApiException(message, statusCode, errorType, serverMessage, rawBody) { RetryAfter = retryAfter, RequestId = requestId, Attempts = attempts, PartialMessage = partialMessage };
    }
}
