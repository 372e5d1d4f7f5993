using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>How the model should use the tools: <see cref="Auto"/>, <see cref="Any"/>, <see cref="None"/>, or <see cref="ForTool"/>.</summary>
/// <param name="Type">The wire type: <c>auto</c>, <c>any</c>, <c>tool</c> or <c>none</c>.</param>
public sealed record ToolChoice(string Type)
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    /// <summary>The tool to call, for type <c>tool</c>.</summary>
    public string? Name { get; init; }

    /// <summary>When true, the model calls at most one tool in a turn.</summary>
    public bool? DisableParallelToolUse { get; init; }

    /// <summary>The model decides whether to call a tool.</summary>
    public static ToolChoice Auto { get; } = new("auto");

    /// <summary>The model must call one of the tools.</summary>
    public static ToolChoice Any { get; } = new("any");

    /// <summary>The model must not call a tool.</summary>
    public static ToolChoice None { get; } = new("none");

    /// <summary>The model must call the named tool.</summary>
    /// <param name="name">The tool's name.</param>
    public static ToolChoice ForTool(string name) => new("tool") { Name = name };

    /// <summary>Fields of this object that this version of the SDK does not model, kept as received and written back in the same object.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
