namespace Aki.Client;

/// <summary>
/// Gives an exception that ends a stream what the caller needs from it: the request id, the attempts the request took
/// and the message accumulated before the failure. Exceptions are immutable, so this makes a copy of the same type.
/// </summary>
internal static class StreamFailureContext
{
    public static AkiException Attach(AkiException error, string? requestId, int attempts, Message? partial)
    {
        string? id = error.RequestId ?? requestId;
        int count = error.Attempts > 1 ? error.Attempts : attempts;
        Message? message = error.PartialMessage ?? partial;
        if (id == error.RequestId && count == error.Attempts && ReferenceEquals(message, error.PartialMessage))
        {
            return error;
        }

        return error switch
        {
            AkiApiException api => AkiApiException.Create(api.GetType(), api.Message, api.StatusCode, api.ErrorType, api.ServerMessage, api.RawBody, api.RetryAfter, id, count, message),
            AkiStreamTruncatedException truncated => new AkiStreamTruncatedException(truncated.Message, truncated.InnerException) { RequestId = id, Attempts = count, PartialMessage = message },
            AkiTimeoutException timeout => new AkiTimeoutException(timeout.Message, timeout.Timeout, timeout.InnerException) { RequestId = id, Attempts = count, PartialMessage = message },
            AkiUnexpectedResponseException unexpected => new AkiUnexpectedResponseException(unexpected.Message, unexpected.StatusCode, unexpected.ContentType, unexpected.BodyExcerpt, unexpected.InnerException) { RequestId = id, Attempts = count, PartialMessage = message },
            _ when error.GetType() == typeof(AkiException) => new AkiException(error.Message, error.InnerException) { RequestId = id, Attempts = count, PartialMessage = message },
            _ => error,
        };
    }
}
