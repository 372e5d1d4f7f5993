using System.Reflection;

namespace Aki.Client.Snippets.Tests;

/// <summary>
/// Every fenced block of the pages users read: README.md, docs/*.md and each package's README. A page that shows
/// host code says so with <c>&lt;!-- snippets: web --&gt;</c>, and its C# compiles with the implicit usings of an
/// ASP.NET Core project instead of a console one.
/// </summary>
internal static class SnippetCatalog
{
    public const string WebMarker = "<!-- snippets: web -->";

    private static readonly string[] s_csharp = ["csharp", "cs", "c#"];

    public static string RepositoryRoot { get; } =
        typeof(SnippetCatalog).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "Aki.Client.RepositoryRoot").Value!;

    public static IReadOnlyList<string> Pages()
    {
        var pages = new List<string> { "README.md" };
        pages.AddRange(Directory.GetFiles(Path.Combine(RepositoryRoot, "docs"), "*.md").Select(Relative));
        pages.AddRange(Directory.GetDirectories(Path.Combine(RepositoryRoot, "src"))
            .Select(folder => Path.Combine(folder, "README.md"))
            .Where(File.Exists)
            .Select(Relative));
        pages.Sort(StringComparer.Ordinal);
        return pages;
    }

    public static bool IsWebPage(string page) => File.ReadAllText(Path.Combine(RepositoryRoot, page)).Contains(WebMarker, StringComparison.Ordinal);

    public static IReadOnlyList<Snippet> Blocks(string page)
    {
        var blocks = new List<Snippet>();
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryRoot, page));
        for (int i = 0; i < lines.Length; i++)
        {
            string fence = lines[i].TrimStart();
            if (!fence.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            int start = i;
            string language = fence.Substring(3).Trim();
            var code = new List<string>();
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                code.Add(lines[i]);
            }

            blocks.Add(new Snippet(page, start + 1, language, string.Join('\n', code)));
        }

        return blocks;
    }

    public static bool IsCSharp(Snippet snippet) => s_csharp.Contains(snippet.Language, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<Snippet> CSharpBlocks() => Pages().SelectMany(Blocks).Where(IsCSharp);

    public static Snippet Find(string id) => CSharpBlocks().Single(s => s.Id == id);

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');
}
