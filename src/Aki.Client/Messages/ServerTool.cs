using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>
/// A tool the API provider runs itself, named by a versioned <see cref="Type"/> such as <c>web_search_20250305</c>
/// and without an input schema. These are Anthropic-hosted tools: AKI.IO is not known to run them, and the SDK
/// sends them as given.
/// </summary>
public abstract record ServerTool : ToolDefinition
{
    private protected ServerTool(string type, string name)
    {
        Type = type;
        Name = name;
    }

    /// <summary>The versioned wire type, such as <c>web_search_20250305</c>; set it to use another version.</summary>
    [JsonPropertyOrder(-1)]
    public string Type { get; init; }

    /// <summary>The tool's name, as the model will use it in <see cref="ToolUseBlock.Name"/>; fixed by the API for each type.</summary>
    public string Name { get; init; }

    /// <summary>A prompt-cache breakpoint after this tool (<c>cache_control</c>); null for none.</summary>
    public CacheControl? CacheControl { get; init; }
}
