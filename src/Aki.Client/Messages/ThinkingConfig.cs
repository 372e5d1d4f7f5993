using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>Extended thinking (reasoning) settings: <see cref="Enabled"/> with a token budget, or <see cref="Disabled"/>.</summary>
/// <param name="Type">The wire type: <c>enabled</c>, <c>disabled</c> or <c>adaptive</c>.</param>
public sealed record ThinkingConfig(string Type)
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    /// <summary>How many tokens the model may spend thinking, for type <c>enabled</c>; at least 1024 and below <c>max_tokens</c>.</summary>
    public int? BudgetTokens { get; init; }

    /// <summary>
    /// How thinking is shown in the response: <c>summarized</c> or <c>omitted</c> on Anthropic; null leaves the
    /// server's default. Open-model servers are not known to read it.
    /// </summary>
    public string? Display { get; init; }

    /// <summary>Thinking switched off.</summary>
    public static ThinkingConfig Disabled { get; } = new("disabled");

    /// <summary>Thinking switched on with a budget.</summary>
    /// <param name="budgetTokens">The thinking budget in tokens.</param>
    public static ThinkingConfig Enabled(int budgetTokens) => new("enabled") { BudgetTokens = budgetTokens };

    /// <summary>Thinking the model sizes itself (type <c>adaptive</c>), for models that support it.</summary>
    public static ThinkingConfig Adaptive { get; } = new("adaptive");

    /// <summary>Fields of this object that this version of the SDK does not model, kept as received and written back in the same object.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
