namespace Aki.Client;

/// <summary>
/// The Anthropic text editor tool (<c>text_editor_20250728</c>, named <c>str_replace_based_edit_tool</c>): the model
/// asks the caller to view and edit files.
/// </summary>
public sealed record TextEditorTool : ServerTool
{
    /// <summary>The version this SDK writes by default.</summary>
    public const string DefaultType = "text_editor_20250728";

    /// <summary>A text editor tool of <see cref="DefaultType"/>. Older versions (<c>text_editor_20250124</c>) use the name <c>str_replace_editor</c>.</summary>
    public TextEditorTool()
        : base(DefaultType, "str_replace_based_edit_tool")
    {
    }

    /// <summary>The most characters a file view returns; null for the server's default.</summary>
    public int? MaxCharacters { get; init; }
}
