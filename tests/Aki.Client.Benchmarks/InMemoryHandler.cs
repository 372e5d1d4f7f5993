using System.Net;
using System.Net.Http.Headers;

namespace Aki.Client.Benchmarks;

/// <summary>Answers every request with the same in-memory body, so a benchmark measures the SDK, not a network.</summary>
internal sealed class InMemoryHandler(byte[] body, string mediaType) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new StreamContent(new MemoryStream(body, writable: false));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }
}
