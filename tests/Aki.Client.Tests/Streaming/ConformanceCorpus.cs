using Xunit.Abstractions;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// The shared conformance corpus, opt-in through <c>AKI_CONFORMANCE_DIR</c> (DESIGN.md, "Testing"). The theories
/// that read it are <see cref="RequiresEnvironmentTheoryAttribute"/>s: unset, they report skipped with the reason
/// (and under CI=true, where they always run, they fail). Set to a folder that does not exist: the case fails. Set to
/// the corpus: one case per file.
/// </summary>
internal static class ConformanceCorpus
{
    public const string Variable = "AKI_CONFORMANCE_DIR";

    /// <summary>What the variable names, for the skip reason.</summary>
    public const string What = "the shared conformance corpus of recorded traffic";

    /// <summary>The case name used when the variable is unset.</summary>
    public const string NotConfigured = "(AKI_CONFORMANCE_DIR not set)";

    public static string? Root => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } root ? root : null;

    /// <summary>Theory cases: relative paths of the corpus files matching the filter, or the single marker case.</summary>
    public static TheoryData<string> Cases(Func<string, bool> include)
    {
        var data = new TheoryData<string>();
        if (Root is not { } root)
        {
            data.Add(NotConfigured);
            return data;
        }

        if (!Directory.Exists(root))
        {
            // The test for this case fails: a configured corpus that is missing is a broken CI set-up, not a skip.
            data.Add(root);
            return data;
        }

        foreach (string path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(include)
            .Order(StringComparer.Ordinal))
        {
            data.Add(path);
        }

        return data;
    }

    /// <summary>
    /// Resolves a case to a file of the corpus; fails the test when the corpus is not configured (the theory runs
    /// then only under CI=true, where a missing corpus is a broken set-up) or is configured but missing.
    /// </summary>
    public static string Resolve(string testCase, ITestOutputHelper output)
    {
        string root = RequiredEnvironment.Get(Variable, What);
        output.WriteLine($"{Variable}: {root}");
        Assert.True(Directory.Exists(root), $"{Variable} is set to '{root}', which does not exist. Fix the variable or unset it.");
        string path = Path.Combine(root, testCase);
        Assert.True(File.Exists(path), $"The conformance file '{path}' is missing.");
        return path;
    }
}
