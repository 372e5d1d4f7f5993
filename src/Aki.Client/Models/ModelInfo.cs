using System;

namespace Aki.Client;

/// <summary>
/// A model AKI.IO serves or documents, with its token limits and where they came from. Returned by
/// <see cref="ModelsClient.ListAsync"/> and <see cref="ModelsClient.GetAsync"/>; <see cref="AkiModels.Catalog"/> holds the
/// documented ones offline. A limit is null when nobody states it, never 0.
/// </summary>
public sealed record ModelInfo
{
    private readonly string? _displayName;

    /// <summary>The id to send as <see cref="MessageRequest.Model"/>, such as <c>gemma4-26b</c>.</summary>
    public required string Id { get; init; }

    /// <summary>A name for people; the <see cref="Id"/> when the server gives none.</summary>
    public string DisplayName { get => _displayName ?? Id; init => _displayName = value; }

    /// <summary>The context window in tokens (prompt and answer together), or null when unknown.</summary>
    public int? ContextTokens { get; init; }

    /// <summary>Where <see cref="ContextTokens"/> came from.</summary>
    public ModelLimitSource ContextTokensSource { get; init; }

    /// <summary>The most tokens one answer may have, or null when unknown.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Where <see cref="MaxOutputTokens"/> came from.</summary>
    public ModelLimitSource MaxOutputTokensSource { get; init; }

    /// <summary>When the model was released or added, when the server says (an epoch-zero date counts as unknown).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>For a documented alias such as <c>gemma4-chat-26b</c>, the model id it stands for; otherwise null.</summary>
    public string? AliasOf { get; init; }
}
