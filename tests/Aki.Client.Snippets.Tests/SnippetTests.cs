namespace Aki.Client.Snippets.Tests;

/// <summary>
/// Every C# block in the docs compiles as written, so the docs cannot drift from the code. A block that is not C#
/// meant to compile uses another fence language (<c>text</c>, <c>json</c>, <c>sh</c>...): none is silently exempt.
/// </summary>
public class SnippetTests
{
    public static TheoryData<string> CSharpSnippets()
    {
        var data = new TheoryData<string>();
        foreach (Snippet snippet in SnippetCatalog.CSharpBlocks())
        {
            data.Add(snippet.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CSharpSnippets))]
    public void CompilesAsWritten(string id)
    {
        IReadOnlyList<string> errors = SnippetCompiler.Errors(SnippetCatalog.Find(id));

        Assert.True(errors.Count == 0, $"The snippet at {id} does not compile:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void EveryFenceNamesItsLanguage()
    {
        List<string> unnamed = SnippetCatalog.Pages().SelectMany(SnippetCatalog.Blocks).Where(s => s.Language.Length == 0).Select(s => s.Id).ToList();

        Assert.True(unnamed.Count == 0, "These code blocks have no language, so nothing says whether they should compile; name one (csharp, text, json, sh...):\n" + string.Join('\n', unnamed));
    }

    [Fact]
    public void TheReadersPagesAreAllSearched()
    {
        IReadOnlyList<string> pages = SnippetCatalog.Pages();

        Assert.Contains("README.md", pages);
        Assert.Contains("docs/getting-started.md", pages);
        Assert.Contains("src/Aki.Client/README.md", pages);
        Assert.Contains("src/Aki.Client.Testing/README.md", pages);
        Assert.Contains(SnippetCatalog.CSharpBlocks(), s => s.Page == "README.md");
    }

    [Fact]
    public void ABrokenSnippetIsReportedAtItsPageAndLine()
    {
        var broken = new Snippet("docs/example.md", 10, "csharp", "using Aki.Client;\n\nMessage m = client.Messages.Sned();");

        IReadOnlyList<string> errors = SnippetCompiler.Errors(broken);

        string error = Assert.Single(errors);
        Assert.StartsWith("docs/example.md:13: CS1061", error, StringComparison.Ordinal);
    }
}
