using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Aki.Client.Testing;

/// <summary>
/// The <see cref="AkiClient"/> that <see cref="AkiFixtureServer.CreateClient"/> hands out: its own
/// <see cref="HttpClient"/>, disposed with it, whose handler adds the scenario of the sending flow.
/// </summary>
internal sealed class FixtureServerClient : AkiClient
{
    private readonly HttpClient _http;

    public FixtureServerClient(AkiClientOptions options, AsyncLocal<string?> scenario)
        : this(options, CreateHttpClient(scenario))
    {
    }

    private FixtureServerClient(AkiClientOptions options, HttpClient http)
        : base(options, http)
    {
        _http = http;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _http.Dispose();
        }
    }

    // The SDK owns timeouts; like the SDK's own handler, this one never follows a redirect with the key.
    private static HttpClient CreateHttpClient(AsyncLocal<string?> scenario) =>
        new(new ScenarioHandler(scenario) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private sealed class ScenarioHandler(AsyncLocal<string?> scenario) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (scenario.Value is { } name)
            {
                request.Headers.Remove(AkiFixtureServer.ScenarioHeader);
                request.Headers.TryAddWithoutValidation(AkiFixtureServer.ScenarioHeader, name);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
