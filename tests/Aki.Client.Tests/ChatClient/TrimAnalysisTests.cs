using System.Diagnostics;

namespace Aki.Client.Tests.ChatClient;

/// <summary>
/// Publishes tests/Aki.Client.AotCheck trimmed, with trim and AOT analysis on and warnings as errors, then runs the
/// trimmed app: the adapter, AIFunctionFactory with source-generated options and GetResponseAsync&lt;T&gt; with a
/// JsonSerializerContext must publish with no warning and still work with reflection-based JSON switched off.
/// A publish takes about a minute, so it runs under CI (or with AKI_TRIM_CHECK=1).
/// </summary>
public sealed class TrimAnalysisTests
{
    [RequiresEnvironmentFact("AKI_TRIM_CHECK", "that the trimmed publish of tests/Aki.Client.AotCheck should run")]
    public async Task TheAdapterPublishesTrimmedWithoutWarningsAndRuns()
    {
        string repository = Path.GetFullPath(Path.Combine(TestPaths.ProjectDirectory, "..", ".."));
        string project = Path.Combine(repository, "tests", "Aki.Client.AotCheck", "Aki.Client.AotCheck.csproj");
        string output = Path.Combine(Path.GetTempPath(), "aki-trim-check-" + Guid.NewGuid().ToString("N"));
        try
        {
            (int publishExit, string publishLog) = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo"]);
            Assert.True(publishExit == 0, "The trimmed publish failed (a trim or AOT warning is an error):" + Environment.NewLine + publishLog);
            Assert.DoesNotContain("warning IL", publishLog, StringComparison.Ordinal);

            (int runExit, string runLog) = await RunAsync(Path.Combine(output, "Aki.Client.AotCheck"), []);
            Assert.True(runExit == 0, "The trimmed app did not work:" + Environment.NewLine + runLog);
            Assert.EndsWith("ok", runLog.TrimEnd(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
