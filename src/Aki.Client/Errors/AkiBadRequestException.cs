namespace Aki.Client;

/// <summary>The request was rejected as invalid (400, 413, 422): fix the request; retrying it unchanged will fail again.</summary>
public sealed class AkiBadRequestException : AkiApiException
{
    /// <inheritdoc cref="AkiApiException(string, int, ApiErrorType?, string?, string?)"/>
    public AkiBadRequestException(string message, int statusCode, ApiErrorType? errorType, string? serverMessage, string? rawBody)
        : base(message, statusCode, errorType, serverMessage, rawBody)
    {
    }
}
