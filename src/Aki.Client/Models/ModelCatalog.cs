using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Aki.Client;

/// <summary>
/// The live model list (loaded by <see cref="ModelListFetcher"/>), cached for <see cref="AkiClientOptions.ModelCatalogLifetime"/>.
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

    private readonly ModelListFetcher _fetcher;
    private readonly AkiClientOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private CatalogSnapshot? _live;
    private Task<CatalogSnapshot>? _inflight;
    private Exception? _lastFailure;
    private long _lastFailureTimestamp;
    private bool _failureLogged;

    public ModelCatalog(ModelListFetcher fetcher, AkiClientOptions options, ILogger logger)
    {
        _fetcher = fetcher;
        _options = options;
        _logger = logger;
    }

    /// <summary>The last list loaded successfully, whatever its age; null before the first success.</summary>
    public CatalogSnapshot? Cached => Volatile.Read(ref _live);

    private TimeProvider Time => _options.TimeProvider;

    private TimeSpan Lifetime => _options.ModelCatalogLifetime;

    /// <summary>The bound on one fetch, all pages and retries included: <see cref="AkiClientOptions.Timeout"/>, at most <see cref="MaxFetchTimeout"/>.</summary>
    private TimeSpan FetchTimeout => _options.Timeout < MaxFetchTimeout ? _options.Timeout : MaxFetchTimeout;

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

        AkiLog.ModelListUnavailable(
            _logger,
            failure,
            _fetcher.Address,
            _fetcher.Describe(failure),
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
        IReadOnlyList<ModelInfo> models = await _fetcher.FetchAsync(FetchTimeout).ConfigureAwait(false);
        return new CatalogSnapshot(models, Time.GetTimestamp());
    }
}
