using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Diagnostics;
using Aki.Client.Http;
using Aki.Client.Serialization;
using Microsoft.Extensions.Logging;

namespace Aki.Client;

/// <summary>
/// Loads the model list over HTTP: <c>GET v1/models</c> page by page (Anthropic paging by <c>after_id</c>), and on a
/// 404 the OpenAI-compatible list next to an <c>.../anthropic/</c> endpoint, remembered for the next load. Caching is
/// <see cref="ModelCatalog"/>'s concern.
/// </summary>
internal sealed class ModelListFetcher
{
    /// <summary>A server that keeps saying <c>has_more</c> is not followed beyond this many pages.</summary>
    internal const int MaxPages = 50;

    private const string AnthropicSuffix = "/anthropic/";

    private readonly AkiHttpPipeline _pipeline;
    private volatile bool _useCompatibleList;

    public ModelListFetcher(AkiHttpPipeline pipeline)
    {
        _pipeline = pipeline;
    }

    /// <summary>The address the list is read from, for log messages.</summary>
    public Uri Address => _pipeline.Requests.Address(RequestFactory.ModelsPath);

    /// <summary>The key-free text of a failure, for log messages.</summary>
    public string Describe(Exception failure) => _pipeline.Reader.Redact(failure.Message);

    /// <summary>Loads every page within <paramref name="timeout"/> (the whole load, retries included).</summary>
    public async Task<IReadOnlyList<ModelInfo>> FetchAsync(TimeSpan timeout)
    {
        using var scope = new TimeoutScope(_pipeline.Time, timeout, TimeoutKind.ModelList, CancellationToken.None);
        try
        {
            return await FetchModelsAsync(timeout, scope.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            throw CancellationTranslator.Translate(e, default, scope, _pipeline.BaseAddress.Host, attempts: 1);
        }
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

    private async Task<IReadOnlyList<ModelInfo>> FetchModelsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Uri? compatible = CompatibleListAddress(_pipeline.BaseAddress);
        if (_useCompatibleList && compatible is not null)
        {
            return await FetchCompatibleAsync(compatible, anthropicNotFound: null, timeout, cancellationToken).ConfigureAwait(false);
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
                list = await GetListAsync(() => _pipeline.Requests.Create(HttpMethod.Get, path, jsonBody: null, acceptEventStream: false), timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (AkiApiException e) when (e.StatusCode == 404 && page == 0 && compatible is not null)
            {
                // AKI.IO's integration guide names the OpenAI-compatible list for model discovery.
                return await FetchCompatibleAsync(compatible, e, timeout, cancellationToken).ConfigureAwait(false);
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

        AkiLog.ModelListTruncated(_pipeline.Logger, MaxPages, models.Count);
        return models;
    }

    private async Task<IReadOnlyList<ModelInfo>> FetchCompatibleAsync(Uri address, AkiApiException? anthropicNotFound, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ModelListResponse list;
        try
        {
            list = await GetListAsync(() => _pipeline.Requests.CreateCompatibleModelList(address), timeout, cancellationToken).ConfigureAwait(false);
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

    private async Task<ModelListResponse> GetListAsync(Func<HttpRequestMessage> createRequest, TimeSpan timeout, CancellationToken cancellationToken)
    {
        (HttpResponseMessage response, ResponseBody? read, _) = await _pipeline.Sender.SendAndReadAsync(createRequest, timeout, TimeoutKind.Attempt, new AttemptCounter(), cancellationToken).ConfigureAwait(false);
        ResponseBody body = read!;
        using (response)
        using (body)
        {
            ModelListResponse list = _pipeline.Reader.ParseJson(response, body, ModelsJsonContext.Default.ModelListResponse);
            return list.Data is not null
                ? list
                : throw _pipeline.Reader.Unexpected(response, body.Array, body.Length, $"GET {response.RequestMessage?.RequestUri} answered HTTP {(int)response.StatusCode} with JSON that is not a model list (no \"data\" array)", inner: null);
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
