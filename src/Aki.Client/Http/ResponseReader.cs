using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace Aki.Client.Http;

/// <summary>
/// Reads what came back: error statuses into the <see cref="AkiApiException"/> family, whole bodies into records,
/// a stream's body after checking it is one, and anything unreadable into <see cref="AkiUnexpectedResponseException"/>.
/// Every text it keeps from a body has the key removed.
/// </summary>
internal sealed class ResponseReader
{
    private const int MaxErrorBodyLength = 64 * 1024;
    private const int MaxExcerptSource = 4096;

    private readonly ApiKey _key;
    private readonly TimeProvider _time;

    public ResponseReader(ApiKey key, TimeProvider time)
    {
        _key = key;
        _time = time;
    }

    public async Task<AkiApiException> CreateErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? body = null;
        try
        {
            // At most 64 KiB: enough for any error message, and a misbehaving proxy cannot fill memory.
            using ResponseBody read = await ResponseBody.ReadAsync(response.Content, cancellationToken, MaxErrorBodyLength).ConfigureAwait(false);
            body = Encoding.UTF8.GetString(read.Array, 0, read.Length);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            // The connection broke or stalled while reading the error body; the status still says what happened.
        }

        return ErrorMapper.FromResponse(
            (int)response.StatusCode,
            response.ReasonPhrase,
            body,
            ResponseHeaders.RequestId(response),
            ResponseHeaders.RetryAfter(response, _time.GetUtcNow()),
            _key.Value);
    }

    /// <summary>Deserializes a whole body, or explains why it could not.</summary>
    public T ParseJson<T>(HttpResponseMessage response, ResponseBody body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        T? result;
        try
        {
            result = JsonSerializer.Deserialize(body.Span, typeInfo);
        }
        catch (JsonException e)
        {
            throw Unexpected(response, body.Array, body.Length, $"AKI.IO answered HTTP {(int)response.StatusCode} with a body that is not a valid {typeof(T).Name} ({e.Message})", e);
        }

        return result ?? throw Unexpected(response, body.Array, body.Length, $"AKI.IO answered HTTP {(int)response.StatusCode} with an empty {typeof(T).Name}", null);
    }

    /// <summary>The body of a streamed answer, once its content type says it is one.</summary>
    public async Task<Stream> OpenEventStreamAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            using ResponseBody unexpected = await ResponseBody.ReadAsync(response.Content, cancellationToken).ConfigureAwait(false);
            throw Unexpected(response, unexpected.Array, unexpected.Length, $"A stream was requested but AKI.IO answered HTTP {(int)response.StatusCode} with {mediaType} instead of text/event-stream", null);
        }

#if NET
        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        return await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
    }

    public AkiUnexpectedResponseException Unexpected(HttpResponseMessage response, byte[]? body, int length, string what, Exception? inner)
    {
        string? excerpt = body is null ? null : ErrorMapper.Excerpt(ErrorMapper.Redact(Encoding.UTF8.GetString(body, 0, Math.Min(length, MaxExcerptSource)), _key.Value));
        string? requestId = ResponseHeaders.RequestId(response);
        string? contentType = response.Content?.Headers.ContentType?.ToString();
        var message = new StringBuilder(what);
        message.Append(contentType is null ? ", with no content type" : ", content type " + contentType).Append('.');
        message.Append(excerpt is null ? " The body was empty." : " Body: " + excerpt);
        message.Append(" Check that AkiClientOptions.Endpoint points at an Anthropic-compatible API (AKI.IO's is https://aki.io/anthropic).");
        if (requestId is not null)
        {
            message.Append(" Request id: ").Append(requestId).Append('.');
        }

        return new AkiUnexpectedResponseException(message.ToString(), (int)response.StatusCode, contentType, excerpt, inner) { RequestId = requestId };
    }

    /// <summary>An <c>event: error</c> in a stream, as the exception of its error type (status 200).</summary>
    public AkiApiException StreamError(ReadOnlySpan<byte> data, string? requestId) =>
        ErrorMapper.FromStreamErrorEvent(Encoding.UTF8.GetString(data.ToArray()), requestId, _key.Value);

    /// <summary>A stream event whose data is not valid JSON of its type.</summary>
    public AkiUnexpectedResponseException MalformedEvent(ReadOnlySpan<byte> data, JsonException error, string? requestId)
    {
        string excerpt = ErrorMapper.Excerpt(_key.Redact(Encoding.UTF8.GetString(data.Slice(0, Math.Min(data.Length, 1024)).ToArray()))) ?? "(empty)";
        return new AkiUnexpectedResponseException(
            $"AKI.IO sent a stream event that is not valid JSON of its type ({error.Message}). Data: {excerpt}",
            200,
            "text/event-stream",
            excerpt,
            error)
        { RequestId = requestId };
    }

    public string Redact(string text) => _key.Redact(text);
}
