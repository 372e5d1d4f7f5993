using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Aki.Client.Tests;

/// <summary>Counts the requests that pass through it on their way to the next handler, and keeps their headers.</summary>
internal sealed class CountingHandler : DelegatingHandler
{
    private readonly RequestCounter _counter;

    public CountingHandler(RequestCounter counter) => _counter = counter;

    public CountingHandler(RequestCounter counter, HttpMessageHandler inner)
        : base(inner) => _counter = counter;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _counter.Record(request);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>What the <see cref="CountingHandler"/>s sharing it saw.</summary>
internal sealed class RequestCounter
{
    private readonly ConcurrentQueue<(string? Uri, string? ApiKey)> _seen = new();

    public int Count => _seen.Count;

    public IReadOnlyList<string?> ApiKeys => _seen.Select(s => s.ApiKey).ToList();

    public IReadOnlyList<string?> Uris => _seen.Select(s => s.Uri).ToList();

    public void Record(HttpRequestMessage request) =>
        _seen.Enqueue((request.RequestUri?.AbsoluteUri, request.Headers.TryGetValues("x-api-key", out IEnumerable<string>? keys) ? keys.Single() : null));
}
