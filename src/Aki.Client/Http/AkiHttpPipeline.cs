using System;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aki.Client.Http;

/// <summary>
/// The HTTP side of one client, put together once: <see cref="Requests"/> builds requests, <see cref="Sender"/> sends
/// them (retries and attempt deadlines), <see cref="Reader"/> reads what comes back. It owns the
/// <see cref="HttpClient"/> only when the SDK created it.
/// </summary>
internal sealed class AkiHttpPipeline : IDisposable
{
    private readonly HttpClient? _ownedHttpClient;

    /// <summary>Creates the pipeline over a caller's client, a factory's clients (one per call), or a client of its own.</summary>
    public AkiHttpPipeline(AkiClientOptions options, HttpClient? httpClient, Func<HttpClient>? httpClientFactory = null)
    {
        Options = options;
        Uri baseAddress = Endpoint.Normalize(options.Endpoint);
        var key = ApiKey.Resolve(options.ApiKey);
        Logger = options.LoggerFactory?.CreateLogger("Aki.Client") ?? NullLogger.Instance;
        Func<HttpClient> clients;
        if (httpClientFactory is not null)
        {
            clients = httpClientFactory;
        }
        else if (httpClient is not null)
        {
            clients = () => httpClient;
        }
        else
        {
            HttpClient owned = HttpHandlers.CreateOwnedClient();
            _ownedHttpClient = owned;
            clients = () => owned;
        }

        Requests = new RequestFactory(options, baseAddress, key);
        Reader = new ResponseReader(key, options.TimeProvider);
        Sender = new HttpSender(clients, RetryPolicy.Create(options, Logger), RetryPolicy.IsObserved(options), Reader, options.TimeProvider, baseAddress.Host, Logger);
    }

    public AkiClientOptions Options { get; }

    public RequestFactory Requests { get; }

    public HttpSender Sender { get; }

    public ResponseReader Reader { get; }

    public Uri BaseAddress => Requests.BaseAddress;

    public ILogger Logger { get; }

    public TimeProvider Time => Options.TimeProvider;

    public void Dispose() => _ownedHttpClient?.Dispose();
}
