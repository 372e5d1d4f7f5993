using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests;

/// <summary>
/// A MockHttp handler that answers requests in turn (the last turn answers any further ones) and lets a test await
/// each arrival, so a test can act between attempts without sleeping.
/// </summary>
/// <remarks>
/// Unlike <see cref="MockAki"/>, responses go back exactly as built, unbuffered, so a body can break or stall after
/// the headers; and a connection failure is thrown synchronously, the only way MockHttp passes an exception on
/// (a faulted task from a responder leaves MockHttp's send pending for ever).
/// </remarks>
internal sealed class ReplyScript : IDisposable
{
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(10);

    private readonly Func<HttpRequestMessage, Task<HttpResponseMessage>>[] _turns;
    private readonly List<CapturedRequest> _requests = [];
    private readonly SemaphoreSlim _arrivals = new(0);

    public ReplyScript(params Func<HttpRequestMessage, Task<HttpResponseMessage>>[] turns)
    {
        _turns = turns;
        Handler.When("*").Respond(Answer);
    }

    public MockHttpMessageHandler Handler { get; } = new();

    /// <summary>How many requests have arrived.</summary>
    public int Count
    {
        get
        {
            lock (_requests)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>The requests as they arrived, headers and body read while they were open.</summary>
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

    /// <summary>A turn that answers with a JSON body.</summary>
    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> Status(int status, string body = "", params (string Name, string Value)[] headers) =>
        _ => Task.FromResult(MockAki.Json((HttpStatusCode)status, body, headers));

    /// <summary>A turn that answers 200 with a message.</summary>
    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> Ok(string text = "Hello!", params (string Name, string Value)[] headers) =>
        Status(200, TestResponses.Text(AkiModels.Gemma4_26B, text), headers);

    /// <summary>A turn whose connection fails before any response, as <c>SocketsHttpHandler</c> reports it.</summary>
    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> ConnectionFailure(string message = "Connection refused (aki.io:443)") =>
        _ => throw new HttpRequestException(HttpRequestError.ConnectionError, message, new IOException("Connection refused"));

    /// <summary>A turn that never answers; the send ends only when its token is cancelled.</summary>
    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> Hang() =>
        _ => new TaskCompletionSource<HttpResponseMessage>().Task;

    /// <summary>A turn that answers 200 <c>text/event-stream</c> with the given body stream.</summary>
    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> EventStream(Func<Stream> body, params (string Name, string Value)[] headers) =>
        _ =>
        {
            var content = new StreamContent(body());
            content.Headers.TryAddWithoutValidation("Content-Type", "text/event-stream");
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
            foreach ((string name, string value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return Task.FromResult(response);
        };

    /// <summary>A turn that answers 200 <c>text/event-stream</c> with the given SSE text.</summary>
    public static Func<HttpRequestMessage, Task<HttpResponseMessage>> EventStream(string sse, params (string Name, string Value)[] headers) =>
        EventStream(() => new MemoryStream(Encoding.UTF8.GetBytes(sse)), headers);

    /// <summary>A client over this handler: the test key, no retries unless <paramref name="configure"/> says so.</summary>
    public AkiClient CreateClient(Action<AkiClientOptions>? configure = null) =>
        new(MockAki.CreateOptions(configure), new HttpClient(Handler) { Timeout = Timeout.InfiniteTimeSpan });

    /// <summary>Waits until <paramref name="count"/> requests in all have arrived (fails after ten real seconds).</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        while (Count < count)
        {
            if (!await _arrivals.WaitAsync(s_guard))
            {
                throw new TimeoutException($"Expected {count} request(s); {Count} arrived.");
            }
        }
    }

    public void Dispose() => Handler.Dispose();

    private Task<HttpResponseMessage> Answer(HttpRequestMessage request)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
        {
            headers[header.Key] = header.Value.ToArray();
        }

        string? body = null;
        if (request.Content is not null)
        {
            using var reader = new StreamReader(request.Content.ReadAsStream(), Encoding.UTF8);
            body = reader.ReadToEnd();
        }

        int index;
        lock (_requests)
        {
            _requests.Add(new CapturedRequest(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString(), body));
            index = _requests.Count - 1;
        }

        _arrivals.Release();
        return _turns[Math.Min(index, _turns.Length - 1)](request);
    }
}
