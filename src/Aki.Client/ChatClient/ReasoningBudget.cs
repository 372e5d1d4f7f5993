using System;
using Microsoft.Extensions.AI;

namespace Aki.Client.ChatClient;

/// <summary>
/// Maps <see cref="ReasoningOptions.Effort"/> to a <c>thinking</c> budget. The budgets stay below the SDK's default
/// <c>max_tokens</c> of 8192 so that a request without <see cref="ChatOptions.MaxOutputTokens"/> still leaves room for
/// the answer; with a smaller <c>MaxOutputTokens</c> the budget shrinks to half of it (the API wants it below
/// <c>max_tokens</c> and at least 1024).
/// </summary>
internal static class ReasoningBudget
{
    public const int Minimum = 1024;

    public static int For(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.Low => 1024,
        ReasoningEffort.Medium => 2048,
        ReasoningEffort.High => 4096,
        ReasoningEffort.ExtraHigh => 6144,
        _ => throw new ArgumentException($"The reasoning effort '{effort}' is not one AKI.IO can map to a thinking budget.", nameof(effort)),
    };

    public static ThinkingConfig? ToThinking(ReasoningOptions? reasoning, int? maxOutputTokens)
    {
        if (reasoning?.Effort is not { } effort)
        {
            return null;
        }

        if (effort == ReasoningEffort.None)
        {
            return ThinkingConfig.Disabled;
        }

        int budget = For(effort);
        if (maxOutputTokens is { } max && budget >= max)
        {
            budget = max / 2;
            if (budget < Minimum)
            {
                throw new ArgumentException(
                    $"Reasoning needs a thinking budget of at least {Minimum} tokens below max_tokens, and ChatOptions.MaxOutputTokens is {max}. Raise MaxOutputTokens to at least {2 * Minimum}, or set Reasoning.Effort to None.",
                    "options");
            }
        }

        return ThinkingConfig.Enabled(budget);
    }
}
