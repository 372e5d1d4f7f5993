namespace Aki.Client;

/// <summary>The server is rate limiting (429) or overloaded (529): wait (see <see cref="AkiApiException.RetryAfter"/>) and try again.</summary>
public sealed class AkiRateLimitException : AkiApiException
{
    /// <inheritdoc cref="AkiApiException(string, int, ApiErrorType?, string?, string?)"/>
    public AkiRateLimitException(string message, int statusCode, ApiErrorType? errorType, string? serverMessage, string? rawBody)
        : base(message, statusCode, errorType, serverMessage, rawBody)
    {
    }
}
