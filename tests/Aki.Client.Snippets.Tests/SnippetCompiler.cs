using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Aki.Client.Snippets.Tests;

/// <summary>
/// Compiles a snippet the way a reader would use it: a file of a <c>dotnet new console</c> (or web) project with
/// implicit usings and nullable on, beside the page's other blocks that only declare types (a class shown in one
/// block and tested in the next), with the JSON source generator running.
/// </summary>
internal static class SnippetCompiler
{
    // A console project's implicit usings, plus the SDK's one namespace, which the docs take for granted.
    private static readonly string[] s_consoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks", "Aki.Client"];

    private static readonly string[] s_webUsings =
    [
        .. s_consoleUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>
    /// Names a snippet of statements may use without declaring them, as prose says "with the client from above".
    /// Each is declared (never run) only when the snippet uses it and does not declare it itself.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AmbientNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["client"] = "global::Aki.Client.AkiClient",
        ["aki"] = "global::Aki.Client.AkiClient",
        ["request"] = "global::Aki.Client.MessageRequest",
        ["answer"] = "global::Aki.Client.Message",
        ["stream"] = "global::Aki.Client.MessageStream",
        ["key"] = "string",
        ["cancellationToken"] = "global::System.Threading.CancellationToken",
        ["loggerFactory"] = "global::Microsoft.Extensions.Logging.ILoggerFactory",
        ["logger"] = "global::Microsoft.Extensions.Logging.ILogger",
        ["services"] = "global::Microsoft.Extensions.DependencyInjection.IServiceCollection",
        ["configuration"] = "global::Microsoft.Extensions.Configuration.IConfiguration",
        ["builder"] = "global::Microsoft.AspNetCore.Builder.WebApplicationBuilder",
        ["app"] = "global::Microsoft.AspNetCore.Builder.WebApplication",
    };

    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    private static readonly Lazy<ImmutableArray<ISourceGenerator>> s_generators = new(LoadGenerators);

    /// <summary>The errors of the snippet, each located at its page and line.</summary>
    public static IReadOnlyList<string> Errors(Snippet snippet)
    {
        bool onPage = File.Exists(Path.Combine(SnippetCatalog.RepositoryRoot, snippet.Page));
        bool web = onPage && SnippetCatalog.IsWebPage(snippet.Page);
        List<SyntaxTree> companions = (onPage ? SnippetCatalog.Blocks(snippet.Page) : [])
            .Where(s => SnippetCatalog.IsCSharp(s) && s != snippet)
            .Select(s => Parse(s, []))
            .Where(tree => !HasStatements(tree))
            .ToList();

        var ambient = new List<string>();
        while (true)
        {
            SyntaxTree tree = Parse(snippet, ambient);
            ImmutableArray<Diagnostic> diagnostics = Compile(tree, companions, web);
            List<string> missing = diagnostics
                .Where(d => d.Id == "CS0103" && d.Location.SourceTree == tree)
                .Select(d => tree.GetRoot().FindToken(d.Location.SourceSpan.Start).ValueText)
                .Where(name => AmbientNames.ContainsKey(name) && !ambient.Contains(name))
                .Distinct()
                .ToList();
            if (missing.Count == 0 || !HasStatements(tree))
            {
                return diagnostics
                    .Where(d => d.Severity == DiagnosticSeverity.Error && (d.Location.SourceTree == tree || !d.Location.IsInSource))
                    .Select(Describe)
                    .ToList();
            }

            ambient.AddRange(missing);
        }
    }

    private static ImmutableArray<Diagnostic> Compile(SyntaxTree snippet, List<SyntaxTree> companions, bool web)
    {
        string usings = string.Concat((web ? s_webUsings : s_consoleUsings).Select(u => $"global using global::{u};\n"));
        SyntaxTree implicitUsings = CSharpSyntaxTree.ParseText(usings, s_parse, path: "ImplicitUsings.g.cs");
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [implicitUsings, snippet, .. companions],
            s_references.Value,
            new CSharpCompilationOptions(HasStatements(snippet) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        CSharpGeneratorDriver.Create(s_generators.Value, parseOptions: s_parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out ImmutableArray<Diagnostic> generatorDiagnostics);
        using var output = new MemoryStream();
        return generatorDiagnostics.AddRange(generated.Emit(output).Diagnostics);
    }

    /// <summary>The block as a file, its lines mapped to the page; ambient declarations go after its usings, unmapped.</summary>
    private static SyntaxTree Parse(Snippet snippet, IReadOnlyList<string> ambient)
    {
        string code = snippet.Code;
        int insertAt = 0;
        if (ambient.Count > 0)
        {
            var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, s_parse).GetRoot();
            insertAt = root.Usings.Count > 0 ? root.Usings.Last().Span.End : 0;
        }

        var text = new StringBuilder();
        text.Append("#line ").Append(snippet.FirstCodeLine).Append(" \"").Append(snippet.Page).Append("\"\n");
        text.Append(code, 0, insertAt);
        if (ambient.Count > 0)
        {
            int line = snippet.FirstCodeLine + code.Substring(0, insertAt).Count(c => c == '\n');
            text.Append("\n#line hidden\n");
            foreach (string name in ambient)
            {
                text.Append(AmbientNames[name]).Append(' ').Append(name).Append(" = default!;\n");
            }

            text.Append("#line ").Append(line).Append(" \"").Append(snippet.Page).Append("\"\n");
        }

        text.Append(code, insertAt, code.Length - insertAt);
        return CSharpSyntaxTree.ParseText(text.ToString(), s_parse, path: snippet.Page, encoding: Encoding.UTF8);
    }

    private static bool HasStatements(SyntaxTree tree) => ((CompilationUnitSyntax)tree.GetRoot()).Members.OfType<GlobalStatementSyntax>().Any();

    private static string Describe(Diagnostic diagnostic)
    {
        FileLinePositionSpan span = diagnostic.Location.GetMappedLineSpan();
        return $"{span.Path}:{span.StartLinePosition.Line + 1}: {diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>Every assembly this test project runs with: the SDK, the frameworks and the packages it references.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(path => !Path.GetFileName(path).StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    private static ImmutableArray<ISourceGenerator> LoadGenerators()
    {
        string path = typeof(SnippetCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Aki.Client.JsonSourceGenerator")?.Value ?? string.Empty;
        Assert.True(File.Exists(path), $"The System.Text.Json source generator was not found at '{path}'; the project file records its path at build time.");
        Assembly assembly = Assembly.LoadFrom(path);
        return assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t) && t.GetCustomAttribute<GeneratorAttribute>() is not null)
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
            .ToImmutableArray();
    }
}
