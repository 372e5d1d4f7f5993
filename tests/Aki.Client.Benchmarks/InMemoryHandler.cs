using System.Net;
using System.Net.Http.Headers;

namespace Aki.Client.Benchmarks;

/// <summary>Answers every request with the same in-memory body, so a benchmark measures the SDK, not a network.</summary>
internal sealed class InMemoryHandler(byte[] body, string mediaType) : HttpMessageHandler
{
    /// <summary>
    /// A client over this handler, set up as the SDK sets up the clients it creates (and <c>AddAkiClient</c>'s): no
    /// <see cref="HttpClient.Timeout"/>, since the SDK's own deadlines decide.
    /// </summary>
    public static HttpClient Client(byte[] body, string mediaType) => new(new InMemoryHandler(body, mediaType)) { Timeout = Timeout.InfiniteTimeSpan };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new StreamContent(new MemoryStream(body, writable: false));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }
}
