using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>A <c>tool_result</c> content block: the caller's answer to a <see cref="ToolUseBlock"/>, sent in a user message.</summary>
/// <param name="ToolUseId">The <see cref="ToolUseBlock.Id"/> this answers.</param>
public sealed record ToolResultBlock(string ToolUseId) : ContentBlock
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "tool_result";

    /// <summary>A prompt-cache breakpoint after this block (<c>cache_control</c>); null for none.</summary>
    public CacheControl? CacheControl { get; init; }

    /// <summary>The result: a string, or text/image/document blocks.</summary>
    public MessageContent? Content { get; init; }

    /// <summary>True when the tool failed and <see cref="Content"/> describes the error.</summary>
    public bool? IsError { get; init; }
}
