namespace Aki.Client;

/// <summary>A <c>tool_result</c> content block: the caller's answer to a <see cref="ToolUseBlock"/>, sent in a user message.</summary>
/// <param name="ToolUseId">The <see cref="ToolUseBlock.Id"/> this answers.</param>
public sealed record ToolResultBlock(string ToolUseId) : ContentBlock
{
    /// <inheritdoc/>
    public override string Type => "tool_result";

    /// <summary>The result: a string, or text/image/document blocks.</summary>
    public MessageContent? Content { get; init; }

    /// <summary>True when the tool failed and <see cref="Content"/> describes the error.</summary>
    public bool? IsError { get; init; }
}
