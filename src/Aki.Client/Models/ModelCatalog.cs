using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Http;
using Aki.Client.Serialization;
using Microsoft.Extensions.Logging;

namespace Aki.Client;

/// <summary>
/// The live model list from <c>GET /v1/models</c>, cached for <see cref="AkiClientOptions.ModelCatalogLifetime"/>.
/// Concurrent callers share one fetch. <see cref="GetLiveAsync"/> surfaces a failure; <see cref="TryGetLiveAsync"/>
/// (the guard and <see cref="ModelsClient.GetAsync"/>) falls back to the last good list or the documented table,
/// logs the failure once per outage, and does not ask again for a short back-off.
/// </summary>
internal sealed class ModelCatalog
{
    /// <summary>The longest a fetch (all pages, and the OpenAI-compatible fallback) may take; shorter when <see cref="AkiClientOptions.Timeout"/> is.</summary>
    internal static readonly TimeSpan MaxFetchTimeout = TimeSpan.FromSeconds(30);

    /// <summary>After a failed fetch, implicit callers use the fallback this long before asking again (at most the cache lifetime).</summary>
    internal static readonly TimeSpan MaxFailureBackoff = TimeSpan.FromMinutes(1);

    /// <summary>A server that keeps saying <c>has_more</c> is not followed beyond this many pages.</summary>
    internal const int MaxPages = 50;

    private const string AnthropicSuffix = "/anthropic/";

    private readonly AkiHttpPipeline _pipeline;
    private readonly object _gate = new();
    private CatalogSnapshot? _live;
    private Task<CatalogSnapshot>? _inflight;
    private Exception? _lastFailure;
    private long _lastFailureTimestamp;
    private bool _failureLogged;
    private volatile bool _useCompatibleList;

    public ModelCatalog(AkiHttpPipeline pipeline)
    {
        _pipeline = pipeline;
    }

    /// <summary>The last list loaded successfully, whatever its age; null before the first success.</summary>
    public CatalogSnapshot? Cached => Volatile.Read(ref _live);

    private TimeProvider Time => _pipeline.Time;

    private TimeSpan Lifetime => _pipeline.Options.ModelCatalogLifetime;

    /// <summary>The bound on one fetch, all pages and retries included: <see cref="AkiClientOptions.Timeout"/>, at most <see cref="MaxFetchTimeout"/>.</summary>
    private TimeSpan FetchTimeout => _pipeline.Options.Timeout < MaxFetchTimeout ? _pipeline.Options.Timeout : MaxFetchTimeout;

    /// <summary>Whether the last list loaded (of any age) names this id. Never touches the network.</summary>
    public bool IsListed(string modelId) => Cached?.Find(modelId) is not null;

    /// <summary>The live list: cached while fresh, else fetched (joining a fetch already running). Failures throw.</summary>
    public async Task<CatalogSnapshot> GetLiveAsync(CancellationToken cancellationToken)
    {
        CatalogSnapshot? live = Cached;
        if (live is not null && IsFresh(live))
        {
            return live;
        }

        return await WaitAsync(StartOrJoinFetch(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The live list when it can be had: fresh from the cache, or fetched; after a failure the last good list (stale) or
    /// null, meaning "use the documented table". Only the caller's own cancellation throws.
    /// </summary>
    public async Task<CatalogSnapshot?> TryGetLiveAsync(CancellationToken cancellationToken)
    {
        CatalogSnapshot? live = Cached;
        if (live is not null && IsFresh(live))
        {
            return live;
        }

        if (RecentFailure() is { } failure)
        {
            LogFailureOnce(failure);
            return live;
        }

        try
        {
            return await WaitAsync(StartOrJoinFetch(), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LogFailureOnce(e);
            return Cached;
        }
    }

    /// <summary>A model by id or alias (case-insensitive): from the live list when it has it, else the documented table.</summary>
    public static ModelInfo? Find(string modelId, CatalogSnapshot? live)
    {
        if (live?.Find(modelId) is { } listed)
        {
            return listed;
        }

        if (AkiModels.Aliases.TryGetValue(modelId, out string? target))
        {
            // The list names the target but not the alias: the alias has the target's limits, as documented.
            ModelInfo? targetInfo = live?.Find(target) ?? DocumentedCatalog.Find(target);
            ModelInfo alias = DocumentedCatalog.Find(modelId)!;
            return targetInfo is null ? alias : targetInfo with { Id = alias.Id, DisplayName = alias.Id, AliasOf = targetInfo.Id };
        }

        return DocumentedCatalog.Find(modelId);
    }

    /// <summary>
    /// The OpenAI-compatible list next to an <c>.../anthropic/</c> base address (<c>https://aki.io/anthropic/</c> gives
    /// <c>https://aki.io/v1/models</c>), or null when there is none. The key may only go where the base address already
    /// sends it: the same scheme, host and port, over https or to loopback.
    /// </summary>
    internal static Uri? CompatibleListAddress(Uri baseAddress)
    {
        if (!baseAddress.AbsolutePath.EndsWith(AnthropicSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var address = new Uri(baseAddress, "../v1/models");
        bool sameServer = Uri.Compare(address, baseAddress, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
        bool safeScheme = address.Scheme == Uri.UriSchemeHttps || (address.Scheme == Uri.UriSchemeHttp && address.IsLoopback);
        return sameServer && safeScheme ? address : null;
    }

    private static async Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken)
    {
#if NET
        return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
#else
        if (!cancellationToken.CanBeCanceled || task.IsCompleted)
        {
            return await task.ConfigureAwait(false);
        }

        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return await task.ConfigureAwait(false);
#endif
    }

    private bool IsFresh(CatalogSnapshot snapshot) => Time.GetElapsedTime(snapshot.Timestamp) < Lifetime;

    private Exception? RecentFailure()
    {
        TimeSpan backoff = Lifetime < MaxFailureBackoff ? Lifetime : MaxFailureBackoff;
        lock (_gate)
        {
            return _lastFailure is not null && Time.GetElapsedTime(_lastFailureTimestamp) < backoff ? _lastFailure : null;
        }
    }

    private void LogFailureOnce(Exception failure)
    {
        lock (_gate)
        {
            if (_failureLogged)
            {
                return;
            }

            _failureLogged = true;
        }

        _pipeline.Logger.LogWarning(
            failure,
            "The model list (GET {Address}) could not be loaded: {Reason} Model checks and ModelsClient.GetAsync use {Fallback} until it loads again; this warning is not repeated until then.",
            new Uri(_pipeline.BaseAddress, "v1/models"),
            _pipeline.RedactKey(failure.Message),
            Cached is null ? "the documented model table (AkiModels)" : "the last list loaded");
    }

    /// <summary>Returns the running fetch, or starts one. The fetch runs outside the lock and owns its own timeout, so one caller giving up does not cancel it for the others.</summary>
    private Task<CatalogSnapshot> StartOrJoinFetch()
    {
        TaskCompletionSource<CatalogSnapshot> completion;
        lock (_gate)
        {
            if (_inflight is { IsCompleted: false } running)
            {
                return running;
            }

            completion = new TaskCompletionSource<CatalogSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            _inflight = completion.Task;
        }

        _ = RunFetchAsync(completion);
        return completion.Task;
    }

    private async Task RunFetchAsync(TaskCompletionSource<CatalogSnapshot> completion)
    {
        try
        {
            CatalogSnapshot snapshot = await FetchAsync().ConfigureAwait(false);
            lock (_gate)
            {
                Volatile.Write(ref _live, snapshot);
                _lastFailure = null;
                _failureLogged = false;
            }

            completion.SetResult(snapshot);
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _lastFailure = e;
                _lastFailureTimestamp = Time.GetTimestamp();
            }

            completion.SetException(e);

            // Every waiter may have given up (cancelled); the fault is recorded above, so mark it observed.
            _ = completion.Task.Exception;
        }
    }

    private async Task<CatalogSnapshot> FetchAsync()
    {
        TimeSpan timeout = FetchTimeout;
        using var scope = new TimeoutScope(Time, timeout, CancellationToken.None);
        try
        {
            IReadOnlyList<ModelInfo> models = await FetchModelsAsync(scope.Token).ConfigureAwait(false);
            return new CatalogSnapshot(models, Time.GetTimestamp());
        }
        catch (OperationCanceledException e) when (scope.Expired(CancellationToken.None))
        {
            throw new AkiTimeoutException($"Listing models (GET v1/models) did not complete within {timeout}.", timeout, e);
        }
    }

    private async Task<IReadOnlyList<ModelInfo>> FetchModelsAsync(CancellationToken cancellationToken)
    {
        Uri? compatible = CompatibleListAddress(_pipeline.BaseAddress);
        if (_useCompatibleList && compatible is not null)
        {
            return await FetchCompatibleAsync(compatible, anthropicNotFound: null, cancellationToken).ConfigureAwait(false);
        }

        var models = new List<ModelInfo>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? after = null;
        for (int page = 0; page < MaxPages; page++)
        {
            string path = after is null ? "v1/models" : "v1/models?after_id=" + Uri.EscapeDataString(after);
            ModelListResponse list;
            try
            {
                list = await GetListAsync(() => _pipeline.CreateRequest(HttpMethod.Get, path, jsonBody: null, acceptEventStream: false), cancellationToken).ConfigureAwait(false);
            }
            catch (AkiApiException e) when (e.StatusCode == 404 && page == 0 && compatible is not null)
            {
                // AKI.IO's integration guide names the OpenAI-compatible list for model discovery.
                return await FetchCompatibleAsync(compatible, e, cancellationToken).ConfigureAwait(false);
            }

            string? lastListed = Add(models, seen, list);
            if (list.HasMore != true)
            {
                return models;
            }

            string? next = string.IsNullOrEmpty(list.LastId) ? lastListed : list.LastId;
            if (next is null || next == after)
            {
                // A server that says has_more without moving on would be followed forever.
                return models;
            }

            after = next;
        }

        _pipeline.Logger.LogWarning("GET v1/models still reported more models after {Pages} pages; the catalogue holds the {Count} models read so far.", MaxPages, models.Count);
        return models;
    }

    private async Task<IReadOnlyList<ModelInfo>> FetchCompatibleAsync(Uri address, AkiApiException? anthropicNotFound, CancellationToken cancellationToken)
    {
        ModelListResponse list;
        try
        {
            list = await GetListAsync(() => CreateCompatibleRequest(address), cancellationToken).ConfigureAwait(false);
        }
        catch (AkiApiException e) when (e.StatusCode == 404)
        {
            // Neither list exists (any more): report the address the caller configured, and try it first next time.
            _useCompatibleList = false;
            throw anthropicNotFound ?? e;
        }

        _useCompatibleList = true;
        var models = new List<ModelInfo>();
        Add(models, new HashSet<string>(StringComparer.OrdinalIgnoreCase), list);
        return models;
    }

    private HttpRequestMessage CreateCompatibleRequest(Uri address)
    {
        HttpRequestMessage request = _pipeline.CreateRequest(HttpMethod.Get, "v1/models", jsonBody: null, acceptEventStream: false);
        request.RequestUri = address;

        // The OpenAI-compatible API takes the same key as a bearer token; the Anthropic headers do not belong there.
        string key = request.Headers.GetValues("x-api-key").First();
        request.Headers.Remove("x-api-key");
        request.Headers.Remove("anthropic-version");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private async Task<ModelListResponse> GetListAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        (HttpResponseMessage response, ResponseBody body) = await _pipeline.SendAndReadAsync(createRequest, FetchTimeout, nameof(AkiClientOptions.Timeout), cancellationToken).ConfigureAwait(false);
        using (response)
        using (body)
        {
            ModelListResponse list = _pipeline.ParseJson(response, body, ModelsJsonContext.Default.ModelListResponse);
            return list.Data is not null
                ? list
                : throw _pipeline.Unexpected(response, body.Array, body.Length, $"GET {response.RequestMessage?.RequestUri} answered HTTP {(int)response.StatusCode} with JSON that is not a model list (no \"data\" array)", inner: null);
        }
    }

    /// <summary>Adds the page's models in order, skipping duplicates and cards without an id; returns the page's last id.</summary>
    private static string? Add(List<ModelInfo> models, HashSet<string> seen, ModelListResponse list)
    {
        string? last = null;
        foreach (ModelCard? card in list.Data!)
        {
            if (card?.ToModelInfo() is { } model)
            {
                last = model.Id;
                if (seen.Add(model.Id))
                {
                    models.Add(model);
                }
            }
        }

        return last;
    }
}
