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
            // At most 64 KiB: enough for any error message, and a misbehaving proxy cannot fill memory. The key is
            // removed before anything is kept, and a start of it left at the cut with it.
            using ResponseBody read = await ResponseBody.ReadAsync(response.Content, cancellationToken, MaxErrorBodyLength).ConfigureAwait(false);
            body = _key.RedactAndCut(Encoding.UTF8.GetString(read.Array, 0, read.Length), MaxErrorBodyLength, alreadyCut: read.Length >= MaxErrorBodyLength);
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
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not UTF-8 cannot be transcoded. The JSON's shape is then not
            // the problem, whatever the serializer's message says.
            int invalid = Utf8Text.FirstInvalidByte(body.Span);
            string what = invalid >= 0
                ? $"AKI.IO answered HTTP {(int)response.StatusCode} with a body that is not valid UTF-8 (the byte at offset {invalid} starts no valid sequence), so it cannot be read as a {typeof(T).Name}"
                : $"AKI.IO answered HTTP {(int)response.StatusCode} with a body that is not a valid {typeof(T).Name} ({e.Message})";
            throw Unexpected(response, body.Array, body.Length, what, e);
        }

        return result ?? throw Unexpected(response, body.Array, body.Length, $"AKI.IO answered HTTP {(int)response.StatusCode} with an empty {typeof(T).Name}", null);
    }

    /// <summary>The body of a streamed answer, once its content type says it is one.</summary>
    public ValueTask<Stream> OpenEventStreamAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && mediaType != "text/event-stream" && !mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            return RefuseBodyAsync(response, mediaType, cancellationToken);
        }

#if NET
        return new ValueTask<Stream>(response.Content.ReadAsStreamAsync(cancellationToken));
#else
        return new ValueTask<Stream>(response.Content.ReadAsStreamAsync());
#endif
    }

    /// <summary>A body of another type than asked for: read (within the deadline) for the error, never parsed as events.</summary>
    private async ValueTask<Stream> RefuseBodyAsync(HttpResponseMessage response, string mediaType, CancellationToken cancellationToken)
    {
        using ResponseBody unexpected = await ResponseBody.ReadAsync(response.Content, cancellationToken).ConfigureAwait(false);
        throw Unexpected(response, unexpected.Array, unexpected.Length, $"A stream was requested but AKI.IO answered HTTP {(int)response.StatusCode} with {mediaType} instead of text/event-stream", null);
    }

    public AkiUnexpectedResponseException Unexpected(HttpResponseMessage response, byte[]? body, int length, string what, Exception? inner)
    {
        string? excerpt = body is null ? null : ErrorMapper.Excerpt(_key.RedactAndCut(Encoding.UTF8.GetString(body, 0, Math.Min(length, MaxExcerptSource)), MaxExcerptSource, alreadyCut: length > MaxExcerptSource));
        string? requestId = ResponseHeaders.RequestId(response);
        string? contentType = response.Content?.Headers.ContentType?.ToString();
        var message = new StringBuilder(what);
        message.Append(contentType is null ? ", with no content type" : ", content type " + contentType).Append('.');
        message.Append(excerpt is null ? " The body was empty." : " Body: " + excerpt);
        message.Append(" Check that AkiClientOptions.Endpoint (or the AKI_BASE_URL environment variable) points at an Anthropic-compatible API (AKI.IO's is https://aki.io/anthropic).");
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
        const int MaxEventExcerptSource = 1024;
        string source = Encoding.UTF8.GetString(data.Slice(0, Math.Min(data.Length, MaxEventExcerptSource)).ToArray());
        string excerpt = ErrorMapper.Excerpt(_key.RedactAndCut(source, MaxEventExcerptSource, alreadyCut: data.Length > MaxEventExcerptSource)) ?? "(empty)";
        int invalid = Utf8Text.FirstInvalidByte(data);
        string what = invalid >= 0
            ? $"AKI.IO sent a stream event whose data is not valid UTF-8 (the byte at offset {invalid} starts no valid sequence)"
            : $"AKI.IO sent a stream event that is not valid JSON of its type ({error.Message})";
        return new AkiUnexpectedResponseException(
            $"{what}. PartialMessage holds what arrived before it. Data: {excerpt}",
            200,
            "text/event-stream",
            excerpt,
            error)
        { RequestId = requestId };
    }

    public string Redact(string text) => _key.Redact(text);
}
