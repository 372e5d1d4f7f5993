using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Aki.Client;

/// <summary>
/// HuggingFace repository ids (<c>owner/name</c>, as AKI.IO's own documentation shows some models) and the short ids
/// AKI.IO's API serves those models under. AKI.IO does not accept the repository ids: it answers them with its fallback
/// model, so the guard suggests the short id instead.
/// </summary>
internal static class HuggingFaceIds
{
    // Only repository ids known to be the models AKI.IO serves: the one its documentation names, and the models whose
    // short id is the repository's own name. Other repository ids are matched by family and size (Suggest).
    private static readonly Dictionary<string, string> s_known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["meta-llama/Llama-3.3-70B-Instruct"] = AkiModels.Llama3Chat70B,
        ["openai/gpt-oss-120b"] = AkiModels.GptOss120B,
        ["swiss-ai/Apertus-70B-Instruct-2509"] = AkiModels.ApertusChat70B,
    };

    private static readonly Regex s_size = new(@"(?<![a-z0-9.])(\d+)b(?![a-z0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static IReadOnlyDictionary<string, string> Known => s_known;

    public static bool IsRepositoryId(string model) => model.IndexOf('/') > 0 && model.IndexOf('/') < model.Length - 1;

    /// <summary>The short id of a known repository id, or null.</summary>
    public static string? Find(string model) => s_known.TryGetValue(model, out string? id) ? id : null;

    /// <summary>
    /// The short ids a repository id most likely means: the known one, else the documented ids of the same family
    /// (the repository name's leading letters: <c>llama</c>, <c>qwen</c>, <c>gemma</c>) and the same parameter size.
    /// </summary>
    public static IReadOnlyList<string> Suggest(string model)
    {
        if (!IsRepositoryId(model))
        {
            return [];
        }

        if (Find(model) is { } known)
        {
            return [known];
        }

        string name = model.Substring(model.LastIndexOf('/') + 1).ToLowerInvariant();
        int letters = 0;
        while (letters < name.Length && name[letters] is >= 'a' and <= 'z')
        {
            letters++;
        }

        if (letters < 3)
        {
            return [];
        }

        string family = name.Substring(0, letters);
        Match size = s_size.Match(name);
        return AkiModels.All
            .Where(id => id.StartsWith(family, StringComparison.OrdinalIgnoreCase)
                && (!size.Success || s_size.Matches(id).Cast<Match>().Any(m => m.Groups[1].Value == size.Groups[1].Value)))
            .ToList();
    }
}
