using System;
using System.Collections.Generic;
using System.Linq;

namespace Aki.Client;

/// <summary>The documented models and aliases as <see cref="ModelInfo"/>: what the catalogue serves offline.</summary>
internal static class DocumentedCatalog
{
    // Built on first use, after AkiModels' own tables exist.
    public static IReadOnlyList<ModelInfo> Models { get; } = Build();

    private static readonly Dictionary<string, ModelInfo> s_byId = Models.ToDictionary(model => model.Id, StringComparer.OrdinalIgnoreCase);

    public static ModelInfo? Find(string modelId) => s_byId.TryGetValue(modelId, out ModelInfo? model) ? model : null;

    private static List<ModelInfo> Build()
    {
        var models = AkiModels.All.Select(id => Create(id, aliasOf: null)).ToList();
        models.AddRange(AkiModels.Aliases.OrderBy(alias => alias.Key, StringComparer.Ordinal).Select(alias => Create(alias.Key, alias.Value)));
        return models;
    }

    private static ModelInfo Create(string id, string? aliasOf)
    {
        ModelLimits limits = AkiModels.GetLimits(id) ?? throw new InvalidOperationException($"'{id}' has no documented limits.");
        return new ModelInfo
        {
            Id = id,
            ContextTokens = limits.ContextTokens,
            ContextTokensSource = ModelLimitSource.DocumentedTable,
            MaxOutputTokens = limits.MaxOutputTokens,
            MaxOutputTokensSource = ModelLimitSource.DocumentedTable,
            AliasOf = aliasOf,
        };
    }
}
