using System.Collections.Generic;
using System.Text.Json;

namespace Aki.Client;

/// <summary>The Anthropic web search server tool (<c>web_search_20250305</c>, named <c>web_search</c>).</summary>
public sealed record WebSearchTool : ServerTool
{
    /// <summary>The version this SDK writes by default.</summary>
    public const string DefaultType = "web_search_20250305";

    /// <summary>A web search tool of <see cref="DefaultType"/>.</summary>
    public WebSearchTool()
        : base(DefaultType, "web_search")
    {
    }

    /// <summary>The most searches the model may run in one request; null for no limit.</summary>
    public int? MaxUses { get; init; }

    /// <summary>Only these domains appear in results; do not combine with <see cref="BlockedDomains"/>.</summary>
    public IReadOnlyList<string>? AllowedDomains { get; init; }

    /// <summary>These domains never appear in results.</summary>
    public IReadOnlyList<string>? BlockedDomains { get; init; }

    /// <summary>Where the user is, to localise results (<c>{"type":"approximate","city":...}</c>), kept as JSON.</summary>
    public JsonElement? UserLocation { get; init; }
}
