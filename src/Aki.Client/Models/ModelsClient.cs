using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Aki.Client;

/// <summary>
/// <c>/v1/models</c>: the models AKI.IO serves and their token limits, so prompts can be budgeted and model ids
/// checked. The list is cached for <see cref="AkiClientOptions.ModelCatalogLifetime"/> and concurrent callers share one
/// request. Thread-safe; reach it through <see cref="AkiClient.Models"/>. Methods are virtual for mocking.
/// </summary>
public class ModelsClient
{
    private readonly ModelCatalog? _catalog;

    /// <summary>For mocking frameworks only; a client made this way cannot send.</summary>
    protected ModelsClient()
    {
    }

    internal ModelsClient(ModelCatalog catalog)
    {
        _catalog = catalog;
    }

    private ModelCatalog Catalog =>
        _catalog ?? throw new InvalidOperationException("This ModelsClient was created for mocking and cannot send requests. Use AkiClient.Models.");

    /// <summary>
    /// Lists the models the server reports, in its order, following pages. Reads Anthropic's list shape and the
    /// OpenAI/vLLM one; when <c>{endpoint}/v1/models</c> answers 404 under <c>.../anthropic</c>, AKI.IO's
    /// OpenAI-compatible <c>/v1/models</c> on the same host is asked instead. A limit the server reports as 0, null or
    /// not at all comes from the documented table (<see cref="ModelInfo.ContextTokensSource"/> says so), and is null for
    /// a model the table does not know. The answer is cached for <see cref="AkiClientOptions.ModelCatalogLifetime"/>.
    /// </summary>
    /// <remarks>
    /// Unlike <see cref="GetAsync"/> and the model guard, which fall back to the documented table, this method reports a
    /// failure: a caller who asks for the live list should learn that it could not be had. For the documented models
    /// offline, use <see cref="AkiModels.Catalog"/>.
    /// </remarks>
    /// <param name="cancellationToken">Cancels the wait; a request shared with other callers keeps running for them.</param>
    /// <returns>The listed models (aliases only when the server lists them).</returns>
    /// <exception cref="AkiApiException">The server answered with an error.</exception>
    /// <exception cref="AkiTimeoutException">The list did not load within 30 seconds (or <see cref="AkiClientOptions.Timeout"/>, if shorter).</exception>
    /// <exception cref="AkiUnexpectedResponseException">The body was not a model list.</exception>
    public virtual async Task<IReadOnlyList<ModelInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        CatalogSnapshot live = await Catalog.GetLiveAsync(cancellationToken).ConfigureAwait(false);
        return live.Models;
    }

    /// <summary>
    /// Looks a model up by id or documented alias, case-insensitively: from the live list when it names the model, else
    /// from the documented table. Never fails because <c>/v1/models</c> does: the documented table answers then, and the
    /// failure is logged once.
    /// </summary>
    /// <param name="modelId">A model id or alias, such as <c>gemma4-26b</c> or <c>gemma4-chat-26b</c>.</param>
    /// <param name="cancellationToken">Cancels the wait for the list.</param>
    /// <returns>The model, or null when neither the live list nor the documentation knows the id.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> is null or blank.</exception>
    public virtual async Task<ModelInfo?> GetAsync(string modelId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            throw new ArgumentException("A model id is required, such as AkiModels.Gemma4_26B (\"gemma4-26b\").", nameof(modelId));
        }

        CatalogSnapshot? live = await Catalog.TryGetLiveAsync(cancellationToken).ConfigureAwait(false);
        return ModelCatalog.Find(modelId.Trim(), live);
    }

    /// <summary>
    /// How many tokens of context (prompt and answer together) a model has, to budget prompts: the server's figure when
    /// it reports one, else the documented one. Like <see cref="GetAsync"/>, it falls back to the documented table.
    /// </summary>
    /// <param name="modelId">A model id or alias.</param>
    /// <param name="cancellationToken">Cancels the wait for the list.</param>
    /// <returns>The context window in tokens, or null when the model or its limit is unknown.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> is null or blank.</exception>
    public virtual async Task<int?> GetContextLimitAsync(string modelId, CancellationToken cancellationToken = default)
    {
        ModelInfo? model = await GetAsync(modelId, cancellationToken).ConfigureAwait(false);
        return model?.ContextTokens;
    }
}
