namespace Aki.Client;

/// <summary>Extended thinking (reasoning) settings: <see cref="Enabled"/> with a token budget, or <see cref="Disabled"/>.</summary>
/// <param name="Type">The wire type: <c>enabled</c>, <c>disabled</c> or <c>adaptive</c>.</param>
public sealed record ThinkingConfig(string Type)
{
    /// <summary>How many tokens the model may spend thinking, for type <c>enabled</c>; at least 1024 and below <c>max_tokens</c>.</summary>
    public int? BudgetTokens { get; init; }

    /// <summary>Thinking switched off.</summary>
    public static ThinkingConfig Disabled { get; } = new("disabled");

    /// <summary>Thinking switched on with a budget.</summary>
    /// <param name="budgetTokens">The thinking budget in tokens.</param>
    public static ThinkingConfig Enabled(int budgetTokens) => new("enabled") { BudgetTokens = budgetTokens };
}
