using System;
using System.Collections.Generic;

namespace Aki.Client;

/// <summary>
/// The model ids AKI.IO documents, with their documented context and output limits. Usable offline; the
/// live list comes from <c>client.Models.ListAsync</c>.
/// </summary>
public static class AkiModels
{
    /// <summary><c>apertus-chat-70b</c>: 65,536 tokens of context, 8,192 of output.</summary>
    public const string ApertusChat70B = "apertus-chat-70b";

    /// <summary><c>gpt-oss-120b</c>: 131,072 tokens of context, 32,768 of output.</summary>
    public const string GptOss120B = "gpt-oss-120b";

    /// <summary><c>gemma4-26b</c>: 262,144 tokens of context, 32,768 of output.</summary>
    public const string Gemma4_26B = "gemma4-26b";

    /// <summary><c>llama3-chat-8b</c>: 131,072 tokens of context, 32,768 of output.</summary>
    public const string Llama3Chat8B = "llama3-chat-8b";

    /// <summary><c>llama3-chat-70b</c> (Llama 3.3): 131,072 tokens of context, 32,768 of output.</summary>
    public const string Llama3Chat70B = "llama3-chat-70b";

    /// <summary><c>minimax-m2.5-230b</c>: 204,800 tokens of context, 8,192 of output. AKI.IO answers unknown ids with this model.</summary>
    public const string MiniMaxM25_230B = "minimax-m2.5-230b";

    /// <summary><c>ministral3-14b</c>: 262,144 tokens of context, 32,768 of output.</summary>
    public const string Ministral3_14B = "ministral3-14b";

    /// <summary><c>qwen3.6-35b</c>: 262,144 tokens of context, 32,768 of output.</summary>
    public const string Qwen36_35B = "qwen3.6-35b";

    /// <summary><c>gemma4-chat-26b</c>: a documented alias of <see cref="Gemma4_26B"/>.</summary>
    public const string Gemma4Chat26B = "gemma4-chat-26b";

    /// <summary><c>qwen3.6-chat-35b</c>: a documented alias of <see cref="Qwen36_35B"/>.</summary>
    public const string Qwen36Chat35B = "qwen3.6-chat-35b";

    /// <summary>The model AKI.IO silently serves when a request names a model it does not know.</summary>
    public const string FallbackModel = MiniMaxM25_230B;

    /// <summary>AKI.IO's documented <c>default_max_tokens</c>: 8192.</summary>
    public const int DefaultMaxTokens = 8192;

    private static readonly Dictionary<string, ModelLimits> s_limits = new(StringComparer.OrdinalIgnoreCase)
    {
        [ApertusChat70B] = new(65_536, 8_192),
        [GptOss120B] = new(131_072, 32_768),
        [Gemma4_26B] = new(262_144, 32_768),
        [Llama3Chat8B] = new(131_072, 32_768),
        [Llama3Chat70B] = new(131_072, 32_768),
        [MiniMaxM25_230B] = new(204_800, 8_192),
        [Ministral3_14B] = new(262_144, 32_768),
        [Qwen36_35B] = new(262_144, 32_768),
    };

    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        [Gemma4Chat26B] = Gemma4_26B,
        [Qwen36Chat35B] = Qwen36_35B,
    };

    // Every documented id and alias, in any case, to the id it stands for: one lookup per resolution.
    private static readonly Dictionary<string, string> s_canonical = CreateCanonical();

    /// <summary>Every documented model id (aliases not included), in the documentation's order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [ApertusChat70B, GptOss120B, Gemma4_26B, Llama3Chat8B, Llama3Chat70B, MiniMaxM25_230B, Ministral3_14B, Qwen36_35B];

    /// <summary>The documented aliases and the ids they stand for.</summary>
    public static IReadOnlyDictionary<string, string> Aliases => s_aliases;

    /// <summary>
    /// The documented models, then the aliases, as <see cref="ModelInfo"/> with limits from the documented table: what the
    /// catalogue falls back to when <c>/v1/models</c> cannot be read. Needs no client, key or network.
    /// </summary>
    public static IReadOnlyList<ModelInfo> Catalog => DocumentedCatalog.Models;

    /// <summary>Resolves a documented alias to its model id (case-insensitive); other ids come back unchanged.</summary>
    /// <param name="modelId">A model id or alias.</param>
    public static string Resolve(string modelId)
    {
        if (modelId is null)
        {
            throw new ArgumentNullException(nameof(modelId));
        }

        return s_canonical.TryGetValue(modelId, out string? id) ? id : modelId;
    }

    /// <summary>Whether an id or alias is one AKI.IO documents (case-insensitive).</summary>
    /// <param name="modelId">A model id or alias.</param>
    public static bool IsKnown(string modelId) => modelId is not null && s_limits.ContainsKey(Resolve(modelId));

    /// <summary>The documented limits of a model id or alias, or null when it is not documented.</summary>
    /// <param name="modelId">A model id or alias.</param>
    public static ModelLimits? GetLimits(string modelId) =>
        modelId is not null && s_limits.TryGetValue(Resolve(modelId), out ModelLimits limits) ? limits : null;

    /// <summary>
    /// The id AKI.IO serves a model under, for the HuggingFace repository id of that model (case-insensitive): for
    /// example <c>llama3-chat-70b</c> for <c>meta-llama/Llama-3.3-70B-Instruct</c>, the id AKI.IO's documentation
    /// shows. AKI.IO does not accept repository ids (it answers them with <see cref="FallbackModel"/>). Null for a
    /// repository id that is not known to be one of AKI.IO's models.
    /// </summary>
    /// <param name="huggingFaceId">A repository id, <c>owner/name</c>.</param>
    public static string? FromHuggingFaceId(string huggingFaceId) =>
        huggingFaceId is null ? throw new ArgumentNullException(nameof(huggingFaceId)) : HuggingFaceIds.Find(huggingFaceId);

    /// <summary>Whether a served model id is the one requested, allowing documented aliases and case.</summary>
    /// <param name="requested">The id the request named.</param>
    /// <param name="served">The id the response carries.</param>
    public static bool IsSameModel(string requested, string served)
    {
        // Byte-equal first: the usual answer, and cheaper than comparing without case.
        if (string.Equals(requested, served, StringComparison.Ordinal) || string.Equals(requested, served, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // A server that omits the model field has not told us anything; it is not a fallback.
        return string.IsNullOrEmpty(served)
            || string.Equals(Resolve(requested), Resolve(served), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The <c>max_tokens</c> the SDK sends when a request leaves it unset: <c>min(8192, output limit)</c>.</summary>
    /// <param name="modelId">A model id or alias.</param>
    public static int GetDefaultMaxTokens(string modelId) =>
        GetLimits(modelId) is { } limits ? Math.Min(DefaultMaxTokens, limits.MaxOutputTokens) : DefaultMaxTokens;

    private static Dictionary<string, string> CreateCanonical()
    {
        var canonical = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string id in s_limits.Keys)
        {
            canonical[id] = id;
        }

        foreach (KeyValuePair<string, string> alias in s_aliases)
        {
            canonical[alias.Key] = alias.Value;
        }

        return canonical;
    }
}
