using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;

namespace Aki.Client.Http;

/// <summary>
/// Builds the HTTP requests of one client: the address under the endpoint, the headers (the key per request, never in
/// a shared client's defaults) and the JSON body. A fresh request is built for every attempt.
/// </summary>
internal sealed class RequestFactory
{
    public const string MessagesPath = "v1/messages";
    public const string ModelsPath = "v1/models";

    private static readonly MediaTypeHeaderValue s_jsonContentType = new("application/json");

    private readonly AkiClientOptions _options;
    private readonly ApiKey _key;
    private readonly string _userAgent;
    private readonly Uri _messagesAddress;
    private readonly KeyValuePair<string, string>[] _defaultHeaders;

    public RequestFactory(AkiClientOptions options, Uri baseAddress, ApiKey key)
    {
        _options = options;
        _key = key;
        BaseAddress = baseAddress;
        _userAgent = UserAgent.With(options.UserAgentSuffix);
        _messagesAddress = new Uri(baseAddress, MessagesPath);

        // The options are frozen by now. The key, the API version, the user agent and the media type are the SDK's:
        // a default header of one of those names is left out rather than sent beside them.
        _defaultHeaders = options.DefaultHeaders.Where(header => !IsOwnHeader(header.Key)).ToArray();
    }

    public Uri BaseAddress { get; }

    /// <summary>The absolute address of a path under the base; the messages address is built once.</summary>
    public Uri Address(string relativePath) =>
        relativePath == MessagesPath ? _messagesAddress : new Uri(BaseAddress, relativePath);

    /// <summary>A <c>POST v1/messages</c> with the serialized request.</summary>
    public HttpRequestMessage CreateMessages(byte[] body, bool stream) => Create(HttpMethod.Post, MessagesPath, body, stream);

    public HttpRequestMessage Create(HttpMethod method, string relativePath, byte[]? jsonBody, bool acceptEventStream)
    {
        var request = new HttpRequestMessage(method, Address(relativePath));
        HttpRequestHeaders headers = request.Headers;
        foreach (KeyValuePair<string, string> header in _defaultHeaders)
        {
            headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        headers.TryAddWithoutValidation("x-api-key", _key.Value);
        headers.TryAddWithoutValidation("anthropic-version", _options.AnthropicVersion);
        headers.TryAddWithoutValidation("User-Agent", _userAgent);
        headers.TryAddWithoutValidation("Accept", acceptEventStream ? "text/event-stream" : "application/json");
        if (jsonBody is not null)
        {
            var content = new ByteArrayContent(jsonBody);
            content.Headers.ContentType = s_jsonContentType;
            request.Content = content;
        }

        return request;
    }

    private static bool IsOwnHeader(string name) =>
        name.Equals("x-api-key", StringComparison.OrdinalIgnoreCase)
        || name.Equals("authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("anthropic-version", StringComparison.OrdinalIgnoreCase)
        || name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Accept", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A <c>GET</c> of the OpenAI-compatible model list at <paramref name="address"/>: that API takes the same key as a
    /// bearer token, and the Anthropic headers do not belong there.
    /// </summary>
    public HttpRequestMessage CreateCompatibleModelList(Uri address)
    {
        HttpRequestMessage request = Create(HttpMethod.Get, ModelsPath, jsonBody: null, acceptEventStream: false);
        request.RequestUri = address;
        request.Headers.Remove("x-api-key");
        request.Headers.Remove("anthropic-version");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key.Value);
        return request;
    }
}
