using System;
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
    public const string MessagesPath = "v1/messages";

    private const int MaxErrorBodyLength = 64 * 1024;

    private static readonly string s_userAgent = BuildUserAgent();
    private static readonly MediaTypeHeaderValue s_jsonContentType = new("application/json");

    private readonly HttpClient? _ownedHttpClient;
    private readonly Func<HttpClient> _httpClient;
    private readonly string _apiKey;
    private readonly string _userAgent;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly Uri _messagesAddress;

    /// <summary>Creates the pipeline over a caller's client, a factory's clients (one per call), or a client of its own.</summary>
    public AkiHttpPipeline(AkiClientOptions options, HttpClient? httpClient, Func<HttpClient>? httpClientFactory = null)
    {
        Options = options;
        BaseAddress = Endpoint.Normalize(options.Endpoint);
        _messagesAddress = new Uri(BaseAddress, MessagesPath);
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

    /// <summary>The absolute address of a path under the base; the messages address is built once.</summary>
    public Uri Address(string relativePath) =>
        relativePath == MessagesPath ? _messagesAddress : new Uri(BaseAddress, relativePath);

    public HttpRequestMessage CreateRequest(HttpMethod method, string relativePath, byte[]? jsonBody, bool acceptEventStream)
    {
        var request = new HttpRequestMessage(method, Address(relativePath));
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
        headers.Remove("Accept");
        headers.TryAddWithoutValidation("Accept", acceptEventStream ? "text/event-stream" : "application/json");
        if (jsonBody is not null)
        {
            var content = new ByteArrayContent(jsonBody);
            content.Headers.ContentType = s_jsonContentType;
            request.Content = content;
        }

        return request;
    }

    /// <summary>
    /// Sends a request built fresh for each attempt, retrying per <see cref="RetryPolicy"/> until the response headers
    /// arrive. Each attempt has <paramref name="attemptTimeout"/>. An error status that is not retried, or still fails
    /// after the retries, is thrown as an <see cref="AkiApiException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, TimeSpan attemptTimeout, string timeoutSetting, CancellationToken cancellationToken)
    {
        (HttpResponseMessage response, _) = await SendCoreAsync(createRequest, attemptTimeout, timeoutSetting, readBody: false, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>As <see cref="SendAsync"/>, and the whole body is read within the attempt (so a body cut off is retried too).</summary>
    public async Task<(HttpResponseMessage Response, ResponseBody Body)> SendAndReadAsync(Func<HttpRequestMessage> createRequest, TimeSpan attemptTimeout, string timeoutSetting, CancellationToken cancellationToken)
    {
        (HttpResponseMessage response, ResponseBody? body) = await SendCoreAsync(createRequest, attemptTimeout, timeoutSetting, readBody: true, cancellationToken).ConfigureAwait(false);
        return (response, body!);
    }

    private async Task<(HttpResponseMessage Response, ResponseBody? Body)> SendCoreAsync(
        Func<HttpRequestMessage> createRequest,
        TimeSpan attemptTimeout,
        string timeoutSetting,
        bool readBody,
        CancellationToken cancellationToken)
    {
        int attempts = 0;
        ResponseBody? body = null;
        HttpResponseMessage response;
        try
        {
            response = await _retry.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    body?.Dispose();
                    body = null;
                    using var attempt = new TimeoutScope(Time, attemptTimeout, token);
                    using HttpRequestMessage request = createRequest();
                    try
                    {
                        HttpResponseMessage sent = await _httpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
                        if (readBody && sent.IsSuccessStatusCode)
                        {
                            try
                            {
                                body = await ResponseBody.ReadAsync(sent.Content, attempt.Token).ConfigureAwait(false);
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
                    catch (OperationCanceledException e) when (!token.IsCancellationRequested)
                    {
                        // Neither the caller nor the SDK cancelled: the HttpClient's own Timeout (a caller-owned client).
                        throw new AkiTimeoutException(
                            $"No answer from {BaseAddress.Host} within the HttpClient's Timeout after {attempts} attempt(s). A caller-owned HttpClient keeps its own Timeout (100 s by default): set it to Timeout.InfiniteTimeSpan and let AkiClientOptions.{timeoutSetting} ({attemptTimeout}) decide.",
                            attemptTimeout,
                            e)
                        { Attempts = attempts };
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            body?.Dispose();
            throw new AkiException($"Could not reach {BaseAddress.Host} after {attempts} attempt(s): {RedactKey(e.Message)}", e) { Attempts = attempts };
        }
        catch
        {
            body?.Dispose();
            throw;
        }

        if (response.IsSuccessStatusCode)
        {
            return (response, body);
        }

        using (response)
        using (var read = new TimeoutScope(Time, attemptTimeout, cancellationToken))
        {
            // The error body gets the attempt's time too: a proxy that sends headers and then stalls must not hang us.
            AkiApiException error = await CreateErrorAsync(response, read.Token).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw attempts == 1 ? error : error.With(attempts, partialMessage: null);
        }
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
            ResponseHeaders.RetryAfter(response, Time.GetUtcNow()),
            _apiKey);
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

    internal static HttpMessageHandler CreateHandler()
    {
#if NET
        return new SocketsHttpHandler
        {
            // Long-lived clients must notice DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,

            // A redirect would carry x-api-key to wherever it points (only Authorization is stripped): surface it instead.
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
#else
        return new HttpClientHandler
        {
            AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate,
            AllowAutoRedirect = false,
        };
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
