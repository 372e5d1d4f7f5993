namespace Aki.Client.Snippets.Tests;

/// <summary>One fenced code block of a Markdown page.</summary>
/// <param name="Page">The page's path relative to the repository root, with <c>/</c> separators.</param>
/// <param name="Line">The line of the opening fence (1-based).</param>
/// <param name="Language">The fence's language tag, such as <c>csharp</c>; empty when it has none.</param>
/// <param name="Code">The block's text.</param>
internal sealed record Snippet(string Page, int Line, string Language, string Code)
{
    public string Id => $"{Page}:{Line}";

    /// <summary>The first line of the code itself, for <c>#line</c>.</summary>
    public int FirstCodeLine => Line + 1;
}
