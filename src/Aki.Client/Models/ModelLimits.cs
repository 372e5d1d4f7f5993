namespace Aki.Client;

/// <summary>A model's documented token limits.</summary>
/// <param name="ContextTokens">The context window: prompt and answer together.</param>
/// <param name="MaxOutputTokens">The most tokens one answer may have.</param>
public readonly record struct ModelLimits(int ContextTokens, int MaxOutputTokens);
