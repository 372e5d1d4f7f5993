using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Aki.Client.Testing;

/// <summary>
/// A real HTTP server on a free loopback port that answers like AKI.IO's Anthropic-compatible API from recorded
/// fixtures: <c>POST /v1/messages</c> (JSON, or SSE when the body says <c>"stream": true</c>) and
/// <c>GET /v1/models</c>. Point an <c>AkiClient</c> (or any HTTP client) at <see cref="BaseAddress"/>.
/// </summary>
/// <example>
/// <code>
/// await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
/// using AkiClient client = server.CreateClient();
/// using (server.UseScenario(AkiFixtureScenarios.RateLimited))
/// {
///     // Requests sent here are answered by the rate-limited scenario.
/// }
/// </code>
/// </example>
public sealed class AkiFixtureServer : IAsyncDisposable
{
    /// <summary>
    /// The request header that selects a scenario, such as <see cref="AkiFixtureScenarios.RateLimited"/>: a request
    /// that carries it is answered only by fixtures of that scenario, and one without it never is.
    /// </summary>
    public const string ScenarioHeader = "x-aki-fixture-scenario";

    // Not a word: the SDK masks its key wherever an error body repeats it, and "fixture" would mask half a message.
    private const string DefaultClientKey = "aki-fixtures-test-key";

    private static readonly TimeSpan s_shutdownGrace = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly FixtureStore _store;
    private readonly FixtureRecorder? _recorder;
    private readonly CancellationTokenSource _stopping;
    private readonly AsyncLocal<string?> _scenario = new();
    private readonly string? _apiKey;
    private int _disposed;

    private AkiFixtureServer(WebApplication app, FixtureStore store, FixtureRecorder? recorder, CancellationTokenSource stopping, Uri baseAddress, string? apiKey)
    {
        _apiKey = apiKey;
        _app = app;
        _store = store;
        _recorder = recorder;
        _stopping = stopping;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's address, such as <c>http://127.0.0.1:49152/</c>; use it as <c>AkiClientOptions.Endpoint</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The names of the fixtures being served (file paths without <c>.json</c>), including ones recorded since start.</summary>
    public IReadOnlyList<string> FixtureNames => _store.Current.Select(f => f.Name).ToList();

    /// <summary>
    /// Creates an <see cref="AkiClient"/> that talks to this server: <c>Endpoint</c> is <see cref="BaseAddress"/> and
    /// <c>ApiKey</c> the key the server accepts (<see cref="AkiFixtureServerOptions.ApiKey"/>, or <c>"aki-fixtures-test-key"</c>).
    /// Every other setting is the SDK's default unless <paramref name="configure"/> changes it (in tests of failure
    /// paths, <c>MaxRetries = 0</c> saves the real <c>retry-after</c> waits). Its requests carry the scenario of the
    /// <see cref="UseScenario(string)"/> scope they are sent in. Dispose the client when done.
    /// </summary>
    /// <param name="configure">Changes the options before the client is built, for example <c>o => o.MaxRetries = 0</c>.</param>
    /// <returns>A client of this server, owned by the caller.</returns>
    public AkiClient CreateClient(Action<AkiClientOptions>? configure = null)
    {
        var options = new AkiClientOptions { ApiKey = _apiKey ?? DefaultClientKey, Endpoint = BaseAddress };
        configure?.Invoke(options);
        return new FixtureServerClient(options, _scenario);
    }

    /// <summary>
    /// Makes requests that clients from <see cref="CreateClient"/> send in the current async flow carry a scenario,
    /// such as <see cref="AkiFixtureScenarios.RateLimited"/>, until the returned scope is disposed; scopes nest, and
    /// other flows (tests running in parallel on the same server) are unaffected. One client serves every scenario.
    /// </summary>
    /// <param name="scenario">The scenario's name (the <see cref="ScenarioHeader"/> value).</param>
    /// <returns>The scope; disposing it restores the scenario that was in effect before.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public IDisposable UseScenario(string scenario)
    {
        if (string.IsNullOrWhiteSpace(scenario))
        {
            throw new ArgumentException("A scenario needs a name, such as AkiFixtureScenarios.RateLimited.", nameof(scenario));
        }

        return new ScenarioScope(_scenario, scenario.Trim());
    }

    /// <summary>Loads the fixtures and starts listening on 127.0.0.1, on a free port unless <see cref="AkiFixtureServerOptions.Port"/> names one.</summary>
    /// <param name="options">The settings; null for the starter fixtures with default behaviour.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    /// <exception cref="InvalidDataException">A fixture file is not valid; the message names the file and the problem.</exception>
    /// <exception cref="ArgumentException">The options are inconsistent, for example record mode without a folder or a key.</exception>
    /// <exception cref="IOException">The port given in <see cref="AkiFixtureServerOptions.Port"/> is in use.</exception>
    public static async Task<AkiFixtureServer> StartAsync(AkiFixtureServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AkiFixtureServerOptions();
        Validate(options);
        bool recording = options.RecordUpstream is not null;
        var fixtures = new List<Fixture>();
        if (options.IncludeStarterFixtures && !recording)
        {
            fixtures.AddRange(FixtureLoader.LoadStarter());
        }

        if (options.FixtureDirectory is not null)
        {
            fixtures.AddRange(FixtureLoader.LoadDirectory(options.FixtureDirectory));
        }

        var store = new FixtureStore(fixtures);
        FixtureRecorder? recorder = recording
            ? new FixtureRecorder(options.RecordUpstream!, RecordKey(options)!, options.FixtureDirectory!, options.TimeProvider)
            : null;
        var stopping = new CancellationTokenSource();
        var handler = new FixtureRequestHandler(store, new ResponseWriter(options.ChunkSize, options.EventDelay, options.TimeProvider), recorder, options.ApiKey, options.UnknownModelFallback, stopping.Token);

        // The empty builder reads no configuration, environment or appsettings of the app under test, and logs nothing.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(AkiFixtureServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MinResponseDataRate = null;
        });
        WebApplication app = builder.Build();
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            recorder?.Dispose();
            stopping.Dispose();
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AkiFixtureServer(app, store, recorder, stopping, new Uri(address.TrimEnd('/') + "/"), options.ApiKey);
    }

    /// <summary>Stops listening, ends streams still being written, and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var grace = new CancellationTokenSource(s_shutdownGrace))
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _recorder?.Dispose();
        _stopping.Dispose();
    }

    private static void Validate(AkiFixtureServerOptions options)
    {
        if (options.ChunkSize < 1)
        {
            throw new ArgumentException("AkiFixtureServerOptions.ChunkSize must be at least 1.", nameof(options));
        }

        if (options.EventDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("AkiFixtureServerOptions.EventDelay cannot be negative.", nameof(options));
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"AkiFixtureServerOptions.Port must be 0 (a free port) or a port number up to 65535, not {options.Port}.", nameof(options));
        }

        if (options.TimeProvider is null)
        {
            throw new ArgumentException("AkiFixtureServerOptions.TimeProvider cannot be null.", nameof(options));
        }

        if (options.RecordUpstream is null)
        {
            return;
        }

        if (!options.RecordUpstream.IsAbsoluteUri || (options.RecordUpstream.Scheme != Uri.UriSchemeHttps && options.RecordUpstream.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"AkiFixtureServerOptions.RecordUpstream must be an absolute http(s) address such as https://aki.io/anthropic, not '{options.RecordUpstream}'.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.FixtureDirectory))
        {
            throw new ArgumentException("Record mode saves fixtures in AkiFixtureServerOptions.FixtureDirectory; set it.", nameof(options));
        }

        if (RecordKey(options) is null)
        {
            throw new ArgumentException("Record mode needs the upstream's key: set AkiFixtureServerOptions.RecordApiKey or the AKI_API_KEY environment variable.", nameof(options));
        }
    }

    private static string? RecordKey(AkiFixtureServerOptions options)
    {
        string? key = string.IsNullOrWhiteSpace(options.RecordApiKey) ? Environment.GetEnvironmentVariable("AKI_API_KEY") : options.RecordApiKey;
        return string.IsNullOrWhiteSpace(key) ? null : key.Trim();
    }
}
