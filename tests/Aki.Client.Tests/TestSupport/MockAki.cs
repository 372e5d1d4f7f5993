using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests;

/// <summary>
/// A MockHttp handler that records every request (read while it is still open) and answers with whatever
/// the test set last. Clients it creates use a test key and no retries, so one call is one request.
/// </summary>
internal sealed class MockAki : IDisposable
{
    public const string ApiKey = "sk-aki-test-7f3a9c2e51d04b8b";

    private readonly List<CapturedRequest> _requests = [];
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _responder;

    public MockAki()
    {
        _responder = (_, _) => Task.FromResult(Json(HttpStatusCode.OK, TestResponses.Text("gemma4-26b", "Hello!")));
        Handler.When("*").Respond(new CallbackHandler(this));
    }

    public MockHttpMessageHandler Handler { get; }  = new();

    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public CapturedRequest SingleRequest => Assert.Single(Requests);

    public static HttpResponseMessage Json(HttpStatusCode status, string body, params (string Name, string Value)[] headers) =>
        Response(status, body, "application/json", headers);

    public static HttpResponseMessage Response(HttpStatusCode status, string body, string? contentType, params (string Name, string Value)[] headers)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var response = new HttpResponseMessage(status) { Content = content };
        foreach ((string name, string value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    /// <summary>Answers every request with this status, JSON body and headers.</summary>
    public MockAki Reply(HttpStatusCode status, string body, params (string Name, string Value)[] headers) =>
        Reply(() => Json(status, body, headers));

    /// <summary>Answers every request with a body of any content type.</summary>
    public MockAki ReplyRaw(HttpStatusCode status, string body, string? contentType, params (string Name, string Value)[] headers) =>
        Reply(() => Response(status, body, contentType, headers));

    public MockAki Reply(Func<HttpResponseMessage> response) => Reply((_, _) => Task.FromResult(response()));

    public MockAki Reply(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _responder = responder;
        return this;
    }

    public AkiClient CreateClient(Action<AkiClientOptions>? configure = null) => new(CreateOptions(configure), Handler.ToHttpClient());

    public static AkiClientOptions CreateOptions(Action<AkiClientOptions>? configure = null)
    {
        var options = new AkiClientOptions { ApiKey = ApiKey, MaxRetries = 0 };
        configure?.Invoke(options);
        return options;
    }

    public void Dispose() => Handler.Dispose();

    private async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
        {
            headers[header.Key] = header.Value.ToArray();
        }

        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_requests)
        {
            _requests.Add(new CapturedRequest(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString(), body));
        }

        return await _responder(request, cancellationToken);
    }

    /// <summary>Lets responders see the cancellation token the client's send carries.</summary>
    private sealed class CallbackHandler(MockAki owner) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            owner.HandleAsync(request, cancellationToken);
    }
}

internal sealed record CapturedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string[]> Headers, string? ContentType, string? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out string[]? values) ? string.Join(", ", values) : null;
}
