namespace Aki.Client;

/// <summary>The API key was missing, wrong or not allowed (401, 403): check the key; retrying will not help.</summary>
public sealed class AkiAuthenticationException : AkiApiException
{
    /// <inheritdoc cref="AkiApiException(string, int, ApiErrorType?, string?, string?)"/>
    public AkiAuthenticationException(string message, int statusCode, ApiErrorType? errorType, string? serverMessage, string? rawBody)
        : base(message, statusCode, errorType, serverMessage, rawBody)
    {
    }
}
