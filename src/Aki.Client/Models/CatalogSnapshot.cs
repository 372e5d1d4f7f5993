using System;
using System.Collections.Generic;

namespace Aki.Client;

/// <summary>One successful read of <c>/v1/models</c>, and when it was made (a <see cref="TimeProvider"/> timestamp).</summary>
internal sealed class CatalogSnapshot
{
    private readonly Dictionary<string, ModelInfo> _byId = new(StringComparer.OrdinalIgnoreCase);

    public CatalogSnapshot(IReadOnlyList<ModelInfo> models, long timestamp)
    {
        Models = models;
        Timestamp = timestamp;
        foreach (ModelInfo model in models)
        {
            if (!_byId.ContainsKey(model.Id))
            {
                _byId.Add(model.Id, model);
            }
        }
    }

    public IReadOnlyList<ModelInfo> Models { get; }

    public long Timestamp { get; }

    /// <summary>The listed model with this id (case-insensitive), or null.</summary>
    public ModelInfo? Find(string modelId) => _byId.TryGetValue(modelId, out ModelInfo? model) ? model : null;
}
