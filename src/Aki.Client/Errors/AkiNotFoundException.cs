namespace Aki.Client;

/// <summary>The path or resource was not found (404): check the endpoint.</summary>
public sealed class AkiNotFoundException : AkiApiException
{
    /// <inheritdoc cref="AkiApiException(string, int, ApiErrorType?, string?, string?)"/>
    public AkiNotFoundException(string message, int statusCode, ApiErrorType? errorType, string? serverMessage, string? rawBody)
        : base(message, statusCode, errorType, serverMessage, rawBody)
    {
    }
}
