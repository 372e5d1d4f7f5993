using System;
using System.Net.Http;
using Aki.Client.Http;

namespace Aki.Client;

/// <summary>
/// The entry point to AKI.IO: <see cref="Messages"/> to talk to models. Thread-safe; create one and reuse it
/// (or register it with <c>services.AddAkiClient(...)</c>). Dispose it to release the HTTP connections it owns.
/// </summary>
public class AkiClient : IDisposable
{
    private readonly AkiHttpPipeline? _pipeline;
    private readonly MessagesClient _messages;
    private readonly ModelsClient? _models;

    /// <summary>Creates a client with the key from the <c>AKI_API_KEY</c> environment variable.</summary>
    /// <exception cref="AkiException">No key is set.</exception>
    public AkiClient()
        : this(new AkiClientOptions())
    {
    }

    /// <summary>Creates a client with an API key.</summary>
    /// <param name="apiKey">The AKI.IO API key.</param>
    public AkiClient(string apiKey)
        : this(new AkiClientOptions { ApiKey = apiKey ?? throw new ArgumentNullException(nameof(apiKey)) })
    {
    }

    /// <summary>Creates a client with options. The options are frozen: changing them later throws.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="AkiException">No key is set in the options or the environment.</exception>
    /// <exception cref="ArgumentException">The endpoint is not usable (for example plain http to a remote host).</exception>
    public AkiClient(AkiClientOptions options)
        : this(options, httpClient: null)
    {
    }

    /// <summary>
    /// Creates a client that sends through the caller's <see cref="HttpClient"/>, which the client never disposes.
    /// The SDK's timeouts still apply; the <see cref="HttpClient.Timeout"/> you set applies too.
    /// </summary>
    /// <remarks>
    /// <b>Create the client's handler with <c>AllowAutoRedirect = false</c></b> (<see cref="HttpClientHandler"/> and
    /// <c>SocketsHttpHandler</c> follow redirects by default). A handler that follows a redirect sends the request,
    /// <c>x-api-key</c> header included, to the redirect's target; the SDK cannot stop that. When the answer comes from
    /// another scheme, host or port than the endpoint, the call fails with an <see cref="AkiException"/> naming both
    /// addresses, and is not retried.
    /// </remarks>
    /// <param name="options">The settings.</param>
    /// <param name="httpClient">The caller-owned client; its <see cref="HttpClient.DefaultRequestHeaders"/> are left alone.</param>
    public AkiClient(AkiClientOptions options, HttpClient? httpClient)
        : this(options, httpClient, httpClientFactory: null)
    {
    }

    /// <summary>The DI path: a fresh <see cref="HttpClient"/> from the factory for every call.</summary>
    internal AkiClient(AkiClientOptions options, HttpClient? httpClient, Func<HttpClient>? httpClientFactory)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Freeze();
        Options = options;
        _pipeline = new AkiHttpPipeline(options, httpClient, httpClientFactory);
        var catalog = new ModelCatalog(new ModelListFetcher(_pipeline), options, _pipeline.Logger);
        var guard = new ModelGuard(options.ModelValidation, _pipeline.Logger, catalog);
        _messages = new MessagesClient(_pipeline, guard);
        _models = new ModelsClient(catalog);
    }

    /// <summary>For mocking frameworks only.</summary>
    protected AkiClient(MessagesClient messages)
    {
        _messages = messages ?? throw new ArgumentNullException(nameof(messages));
        Options = new AkiClientOptions();
    }

    /// <summary>For mocking frameworks and test doubles: a client that hands out the given sub-clients.</summary>
    /// <param name="messages">What <see cref="Messages"/> returns.</param>
    /// <param name="models">What <see cref="Models"/> returns.</param>
    protected AkiClient(MessagesClient messages, ModelsClient models)
        : this(messages)
    {
        _models = models ?? throw new ArgumentNullException(nameof(models));
    }

    /// <summary>The settings this client was built with (frozen).</summary>
    public AkiClientOptions Options { get; }

    /// <summary>The Messages API: <c>CreateAsync</c> and <c>StreamAsync</c>.</summary>
    public virtual MessagesClient Messages => _messages;

    /// <summary>The model catalogue: <c>ListAsync</c>, <c>GetAsync</c> and <c>GetContextLimitAsync</c>, with context and output limits.</summary>
    public virtual ModelsClient Models =>
        _models ?? throw new InvalidOperationException("This AkiClient was created for mocking without a ModelsClient. Override Models, or use the constructor that takes one.");

    /// <summary>The endpoint requests go to, after normalisation (for example <c>https://aki.io/anthropic/</c>).</summary>
    public Uri? BaseAddress => _pipeline?.BaseAddress;

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the HTTP connections the client owns (never a caller-owned <see cref="HttpClient"/>).</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pipeline?.Dispose();
        }
    }
}
