using Xunit.Abstractions;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// The shared conformance corpus, opt-in through <c>AKI_CONFORMANCE_DIR</c> (DESIGN.md, "Testing"). Unset: each
/// conformance theory gets one case that passes and says so. Set to a folder that does not exist: the case fails.
/// Set to the corpus: one case per file.
/// </summary>
internal static class ConformanceCorpus
{
    public const string Variable = "AKI_CONFORMANCE_DIR";

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
    /// Resolves a case to a file of the corpus. Returns null (after writing why to the test output) when the corpus is
    /// not configured; fails the test when it is configured but missing.
    /// </summary>
    public static string? Resolve(string testCase, ITestOutputHelper output)
    {
        if (testCase == NotConfigured && Root is null)
        {
            output.WriteLine($"{Variable} is not set, so the shared conformance corpus was not run. .ci/run sets it to ../shared/fixtures.");
            return null;
        }

        string root = Root ?? throw new InvalidOperationException($"{Variable} was unset while the test ran but set when cases were listed.");
        Assert.True(Directory.Exists(root), $"{Variable} is set to '{root}', which does not exist. Fix the variable or unset it.");
        string path = Path.Combine(root, testCase);
        Assert.True(File.Exists(path), $"The conformance file '{path}' is missing.");
        return path;
    }
}
