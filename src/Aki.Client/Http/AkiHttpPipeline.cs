using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Aki.Client.Http;

/// <summary>
/// Everything between a request record and a response body: the address, the headers (the key per request,
/// never in a shared client's defaults), sending, and turning error statuses into exceptions.
/// </summary>
internal sealed class AkiHttpPipeline : IDisposable
{
    private static readonly string s_userAgent = BuildUserAgent();
    private static readonly MediaTypeHeaderValue s_jsonContentType = new("application/json");

    private readonly HttpClient? _ownedHttpClient;
    private readonly Func<HttpClient> _httpClient;
    private readonly string _apiKey;
    private readonly string _userAgent;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    /// <summary>Creates the pipeline over a caller's client, a factory's clients (one per call), or a client of its own.</summary>
    public AkiHttpPipeline(AkiClientOptions options, HttpClient? httpClient, Func<HttpClient>? httpClientFactory = null)
    {
        Options = options;
        BaseAddress = Endpoint.Normalize(options.Endpoint);
        _apiKey = ResolveApiKey(options.ApiKey);
        _userAgent = string.IsNullOrWhiteSpace(options.UserAgentSuffix) ? s_userAgent : s_userAgent + " " + options.UserAgentSuffix!.Trim();
        Logger = options.LoggerFactory?.CreateLogger("Aki.Client") ?? NullLogger.Instance;
        if (httpClientFactory is not null)
        {
            _httpClient = httpClientFactory;
        }
        else if (httpClient is not null)
        {
            _httpClient = () => httpClient;
        }
        else
        {
            HttpClient owned = new(CreateHandler(), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            _ownedHttpClient = owned;
            _httpClient = () => owned;
        }

        _retry = RetryPolicy.Create(options, Logger);
    }

    public AkiClientOptions Options { get; }

    public Uri BaseAddress { get; }

    public ILogger Logger { get; }

    public TimeProvider Time => Options.TimeProvider;

    public HttpRequestMessage CreateRequest(HttpMethod method, string relativePath, byte[]? jsonBody, bool acceptEventStream)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseAddress, relativePath));
        HttpRequestHeaders headers = request.Headers;
        foreach (KeyValuePair<string, string> header in Options.DefaultHeaders)
        {
            if (!header.Key.Equals("x-api-key", StringComparison.OrdinalIgnoreCase)
                && !header.Key.Equals("authorization", StringComparison.OrdinalIgnoreCase))
            {
                headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        headers.Remove("x-api-key");
        headers.Remove("anthropic-version");
        headers.Remove("User-Agent");
        headers.TryAddWithoutValidation("x-api-key", _apiKey);
        headers.TryAddWithoutValidation("anthropic-version", Options.AnthropicVersion);
        headers.TryAddWithoutValidation("User-Agent", _userAgent);
        headers.Accept.Clear();
        headers.Accept.Add(new MediaTypeWithQualityHeaderValue(acceptEventStream ? "text/event-stream" : "application/json"));
        if (jsonBody is not null)
        {
            var content = new ByteArrayContent(jsonBody);
            content.Headers.ContentType = s_jsonContentType;
            request.Content = content;
        }

        return request;
    }

    /// <summary>
    /// Sends a request built fresh for each attempt, retrying per <see cref="RetryPolicy"/> up to the response headers
    /// (and, with <paramref name="bufferBody"/>, the whole body). Each attempt has <paramref name="attemptTimeout"/>.
    /// An error status that is not retried, or is still failing after the retries, is thrown as an <see cref="AkiApiException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> createRequest,
        TimeSpan attemptTimeout,
        string timeoutSetting,
        bool bufferBody,
        CancellationToken cancellationToken)
    {
        int attempts = 0;
        HttpResponseMessage response;
        try
        {
            response = await _retry.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    using var attempt = new TimeoutScope(Time, attemptTimeout, token);
                    using HttpRequestMessage request = createRequest();
                    try
                    {
                        HttpResponseMessage sent = await _httpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
                        if (bufferBody && sent.IsSuccessStatusCode)
                        {
                            try
                            {
#if NET
                                await sent.Content.LoadIntoBufferAsync(attempt.Token).ConfigureAwait(false);
#else
                                await sent.Content.LoadIntoBufferAsync().ConfigureAwait(false);
#endif
                            }
                            catch
                            {
                                sent.Dispose();
                                throw;
                            }
                        }

                        return sent;
                    }
                    catch (OperationCanceledException e) when (attempt.Expired(token))
                    {
                        throw new AkiTimeoutException(
                            $"No answer from {BaseAddress.Host} within AkiClientOptions.{timeoutSetting} ({attemptTimeout}) after {attempts} attempt(s). Large models can be slow: raise the timeout, lower MaxTokens, or stream the answer.",
                            attemptTimeout,
                            e)
                        { Attempts = attempts };
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new AkiException($"Could not reach {BaseAddress.Host} after {attempts} attempt(s): {RedactKey(e.Message)}", e) { Attempts = attempts };
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            AkiApiException error = await CreateErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw attempts == 1 ? error : error.With(attempts, partialMessage: null);
        }
    }

    public async Task<AkiApiException> CreateErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? body = null;
        try
        {
#if NET
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
#else
            body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
#endif
        }
        catch (HttpRequestException)
        {
            // The connection broke while reading the error body; the status still says what happened.
        }
        catch (IOException)
        {
        }

        return ErrorMapper.FromResponse(
            (int)response.StatusCode,
            response.ReasonPhrase,
            body,
            ResponseHeaders.RequestId(response),
            ResponseHeaders.RetryAfter(response, Time.GetUtcNow()),
            _apiKey);
    }

    /// <summary>Reads a whole JSON body into a pooled buffer and deserializes it, or explains why it could not.</summary>
    public async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ContentLengthHint(response));
        int length = 0;
        try
        {
#if NET
            Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
            Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

#if NET
                int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
#else
                int read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
#endif
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            T? result;
            try
            {
                result = JsonSerializer.Deserialize(new ReadOnlySpan<byte>(buffer, 0, length), typeInfo);
            }
            catch (JsonException e)
            {
                throw Unexpected(response, buffer, length, $"AKI.IO answered HTTP {(int)response.StatusCode} with a body that is not a valid {typeof(T).Name} ({e.Message})", e);
            }

            return result ?? throw Unexpected(response, buffer, length, $"AKI.IO answered HTTP {(int)response.StatusCode} with an empty {typeof(T).Name}", null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public AkiUnexpectedResponseException Unexpected(HttpResponseMessage response, byte[]? body, int length, string what, Exception? inner)
    {
        string? excerpt = body is null ? null : ErrorMapper.Excerpt(ErrorMapper.Redact(Encoding.UTF8.GetString(body, 0, Math.Min(length, 4096)), _apiKey));
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

    public AkiApiException StreamError(string data, string? requestId) => ErrorMapper.FromStreamErrorEvent(data, requestId, _apiKey);

    public string RedactKey(string text) => ErrorMapper.Redact(text, _apiKey)!;

    public void Dispose() => _ownedHttpClient?.Dispose();

    private static int ContentLengthHint(HttpResponseMessage response)
    {
        long? length = response.Content?.Headers.ContentLength;
        return length is > 0 and < 64 * 1024 * 1024 ? (int)length.Value + 1 : 16 * 1024;
    }

    private static string ResolveApiKey(string? configured)
    {
        string? key = string.IsNullOrWhiteSpace(configured) ? Environment.GetEnvironmentVariable(AkiClientOptions.ApiKeyEnvironmentVariable) : configured;
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new AkiException(
                "No AKI.IO API key was given. Pass one to new AkiClient(\"...\"), set AkiClientOptions.ApiKey, or set the AKI_API_KEY environment variable. Keys are issued at https://aki.io.");
        }

        return key!.Trim();
    }

    private static HttpMessageHandler CreateHandler()
    {
#if NET
        return new SocketsHttpHandler
        {
            // Long-lived clients must notice DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
#else
        return new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate };
#endif
    }

    private static string BuildUserAgent()
    {
        string version = typeof(AkiHttpPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        int plus = version.IndexOf('+');
        if (plus >= 0)
        {
            version = version.Substring(0, plus);
        }

        return $"Aki.Client/{version} ({RuntimeInformation.FrameworkDescription.Replace('(', '[').Replace(')', ']')}; {RuntimeInformation.OSArchitecture})";
    }
}
