using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Aki.Client;

/// <summary>
/// Guards against AKI.IO's silent fallback: an unknown model id is answered by MiniMax M2.5 instead of an error.
/// Checks ids before sending (per <see cref="ModelValidation"/>) and compares the served model afterwards.
/// Known ids are the documented ones and aliases plus the ids the live list (<see cref="ModelCatalog"/>) named.
/// Off and Warn never touch the network (Warn uses the documented table and whatever list is cached); Strict loads the
/// list, once per cache lifetime, only for an id the documentation does not know.
/// </summary>
internal sealed class ModelGuard
{
    private readonly ModelValidation _mode;
    private readonly ILogger _logger;
    private readonly ModelCatalog _catalog;
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public ModelGuard(ModelValidation mode, ILogger logger, ModelCatalog catalog)
    {
        _mode = mode;
        _logger = logger;
        _catalog = catalog;
    }

    /// <summary>
    /// The check to await before sending. In <see cref="ModelValidation.Strict"/>, an id the documentation does not know
    /// is looked up in the live list (loaded if the cache is cold; the documented table alone when it cannot load) and
    /// refused when absent. Otherwise it is <see cref="CheckBeforeSend"/>, which completes synchronously.
    /// </summary>
    /// <param name="model">The requested id.</param>
    /// <param name="maxTokens">The request's MaxTokens, if set: above the fallback model's output limit, the warning says so.</param>
    /// <param name="cancellationToken">Cancels loading the list.</param>
    public ValueTask CheckBeforeSendAsync(string model, int? maxTokens, CancellationToken cancellationToken)
    {
        if (_mode != ModelValidation.Strict || AkiModels.IsKnown(model))
        {
            CheckBeforeSend(model, maxTokens);
            return default;
        }

        return CheckAgainstLiveListAsync(model, maxTokens, cancellationToken);
    }

    /// <summary>The check without the network: documented ids, aliases, and the last list loaded (of any age).</summary>
    public void CheckBeforeSend(string model, int? maxTokens = null)
    {
        if (_mode == ModelValidation.Off || AkiModels.IsKnown(model) || _catalog.IsListed(model))
        {
            return;
        }

        IReadOnlyList<string> suggestions = Suggest(model, KnownIds(_catalog));
        if (_mode == ModelValidation.Strict)
        {
            throw new AkiUnknownModelException(UnknownModelMessage(model, suggestions, maxTokens), model, suggestions);
        }

        if (Remember("unknown:" + model, true))
        {
            AkiLog.UnknownModel(_logger, model, AkiModels.FallbackModel, UnknownModelHint(model, suggestions, maxTokens));
        }
    }

    /// <summary>
    /// Flags a served model that differs from the requested one (beyond aliases and case) with a warning, once per pair.
    /// It never throws, in Strict either: the answer exists and is paid for; <see cref="Message.IsModelFallback"/> tells the caller.
    /// </summary>
    public void CheckServed(string requested, string served)
    {
        if (AkiModels.IsSameModel(requested, served) || _mode == ModelValidation.Off)
        {
            return;
        }

        if (Remember("served:" + requested + "\n" + served, true))
        {
            AkiLog.ModelFallback(_logger, requested, served, AkiModels.FallbackModel);
        }
    }

    private static IEnumerable<string> KnownIds(ModelCatalog catalog) =>
        catalog.Cached is { } live ? AkiModels.All.Concat(live.Models.Select(model => model.Id)) : AkiModels.All;

    private async ValueTask CheckAgainstLiveListAsync(string model, int? maxTokens, CancellationToken cancellationToken)
    {
        CatalogSnapshot? live = await _catalog.TryGetLiveAsync(cancellationToken).ConfigureAwait(false);
        if (live?.Find(model) is not null)
        {
            return;
        }

        IReadOnlyList<string> suggestions = Suggest(model, KnownIds(_catalog));
        string message = UnknownModelMessage(model, suggestions, maxTokens);
        if (live is null)
        {
            message += " The live model list could not be loaded (see the log), so only documented ids are accepted.";
        }

        throw new AkiUnknownModelException(message, model, suggestions);
    }

    public static string UnknownModelMessage(string model, IReadOnlyList<string> suggestions, int? maxTokens = null) =>
        $"'{model}' is not a model AKI.IO serves, and AKI.IO does not reject unknown ids: it answers them with {AkiModels.FallbackModel}, billed as usual.{UnknownModelHint(model, suggestions, maxTokens)} Known ids are listed in AkiModels and by client.Models.ListAsync().";

    private static string UnknownModelHint(string model, IReadOnlyList<string> suggestions, int? maxTokens)
    {
        string hint;
        if (HuggingFaceIds.IsRepositoryId(model))
        {
            // AKI.IO's own docs show HuggingFace repository ids, which its API does not serve under that name.
            hint = HuggingFaceIds.Suggest(model) is { Count: > 0 } ids && suggestions.Count > 0 && suggestions[0] == ids[0]
                ? $" Use '{ids[0]}': that is AKI.IO's id for this model; AKI.IO's ids are short names, not HuggingFace repository ids."
                : $" AKI.IO's ids are short names such as '{AkiModels.Llama3Chat70B}', not HuggingFace repository ids.";
            if (suggestions.Count > 1 || (suggestions.Count == 1 && !hint.Contains("'" + suggestions[0] + "'")))
            {
                hint += $" Did you mean {string.Join(" or ", suggestions.Select(s => "'" + s + "'"))}?";
            }
        }
        else
        {
            hint = suggestions.Count > 0 ? $" Did you mean {string.Join(" or ", suggestions.Select(s => "'" + s + "'"))}?" : string.Empty;
        }

        int fallbackLimit = AkiModels.GetLimits(AkiModels.FallbackModel)!.Value.MaxOutputTokens;
        if (maxTokens > fallbackLimit)
        {
            hint += $" MaxTokens is {maxTokens.Value.ToString(CultureInfo.InvariantCulture)}: AKI.IO will answer with MiniMax M2.5 ({AkiModels.FallbackModel}), whose output limit is {fallbackLimit.ToString(CultureInfo.InvariantCulture)} tokens.";
        }

        return hint;
    }

    /// <summary>The known ids nearest to <paramref name="model"/> by edit distance (case-insensitive), best first.</summary>
    public static IReadOnlyList<string> Suggest(string model, IEnumerable<string> known)
    {
        // A HuggingFace repository id of a model AKI.IO serves: its short id first, whatever the edit distance says.
        IReadOnlyList<string> repository = HuggingFaceIds.Suggest(model);
        if (repository.Count > 0)
        {
            return repository.Take(3).ToList();
        }

        string wanted = model.ToLowerInvariant();

        // A HuggingFace-style id ("meta-llama/Llama-3.3-70B-Instruct") is compared by its last segment.
        int slash = wanted.LastIndexOf('/');
        if (slash >= 0 && slash < wanted.Length - 1)
        {
            wanted = wanted.Substring(slash + 1);
        }

        return known
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(id => (Id: id, Distance: Distance(wanted, id.ToLowerInvariant())))
            .Where(candidate => candidate.Distance <= Math.Max(3, candidate.Id.Length / 2))
            .OrderBy(candidate => candidate.Distance)
            .ThenBy(candidate => candidate.Id, StringComparer.Ordinal)
            .Take(3)
            .Select(candidate => candidate.Id)
            .ToList();
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>True the first time a warning key is seen; the memory of keys is bounded, for services that pass user-supplied ids.</summary>
    private bool Remember(string key, bool value)
    {
        if (_warned.Count >= 1024)
        {
            _warned.Clear();
        }

        return _warned.TryAdd(key, value);
    }
}
