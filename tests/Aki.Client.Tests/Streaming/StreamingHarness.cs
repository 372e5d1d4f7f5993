using System.Net;
using System.Net.Http.Headers;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests.Streaming;

/// <summary>An <see cref="AkiClient"/> over MockHttp, answering <c>POST /v1/messages</c> with a body the test supplies.</summary>
internal sealed class StreamingHarness : IDisposable
{
    public const string MessagesUrl = "https://aki.io/anthropic/v1/messages";
    public const string RequestId = "req_011CStreamTest0000000001";

    public StreamingHarness(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond, TimeProvider? time = null, Action<AkiClientOptions>? configure = null)
    {
        Mock.When(HttpMethod.Post, MessagesUrl).Respond(async request =>
        {
            Requests.Add(request);
            RequestBodies.Add(request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync());
            return await respond(request);
        });
        var options = new AkiClientOptions { ApiKey = "test-key", MaxRetries = 0 };
        if (time is not null)
        {
            options.TimeProvider = time;
        }

        configure?.Invoke(options);
        Client = new AkiClient(options, Mock.ToHttpClient());
    }

    public StreamingHarness(Func<HttpResponseMessage> respond, TimeProvider? time = null, Action<AkiClientOptions>? configure = null)
        : this(_ => Task.FromResult(respond()), time, configure)
    {
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public AkiClient Client { get; }

    public List<HttpRequestMessage> Requests { get; } = [];

    public List<string> RequestBodies { get; } = [];

    /// <summary>A harness that answers with the given SSE body (fresh stream per request).</summary>
    public static StreamingHarness ForBody(Func<Stream> body, TimeProvider? time = null, Action<AkiClientOptions>? configure = null) =>
        new(() => SseResponse(body()), time, configure);

    public static StreamingHarness ForBody(string body, bool asyncReads = true) =>
        ForBody(() => new ChunkedStream(Sse.Utf8(body), _ => int.MaxValue, asyncReads));

    public static HttpResponseMessage SseResponse(Stream body, string? requestId = RequestId, string contentType = "text/event-stream; charset=utf-8")
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
        response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (requestId is not null)
        {
            response.Headers.TryAddWithoutValidation("request-id", requestId);
        }

        return response;
    }

    public static MessageRequest Request(string model = AkiModels.Gemma4_26B) =>
        new() { Model = model, MaxTokens = 256, Messages = [MessageParam.User("Wie ist das Wetter?")] };

    public MessageStream Stream(string model = AkiModels.Gemma4_26B, CancellationToken cancellationToken = default) =>
        Client.Messages.StreamAsync(Request(model), cancellationToken);

    public void Dispose()
    {
        Client.Dispose();
        Mock.Dispose();
    }
}
