using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using PublicApiGenerator;
using Xunit.Sdk;

namespace Aki.Client.Tests.PublicApi;

/// <summary>
/// The public surface of each target framework must equal the approved listing checked in next to this file,
/// so API changes are reviewed, never accidental. On a difference the test writes
/// <c>Aki.Client.&lt;tfm&gt;.received.txt</c> (ignored by git) beside the approved file: diff the two, and if the
/// change is intended copy the received file over the approved one and commit it (docs/contributing.md).
/// </summary>
public class PublicApiApprovalTests
{
    [Fact]
    public void Net10PublicApiMatchesTheApprovedListing() => Approve(typeof(AkiClient).Assembly, "net10.0");

    [Fact]
    public void NetStandard20PublicApiMatchesTheApprovedListing()
    {
        string path = TestPaths.NetStandardAssembly;
        Assert.True(File.Exists(path), $"The netstandard2.0 build of Aki.Client is missing at {path}. Build the test project (dotnet build tests/Aki.Client.Tests), which builds that target too.");

        // A separate load context, because the net10.0 build of the same assembly is already loaded here.
        var context = new AssemblyLoadContext("Aki.Client netstandard2.0 public API", isCollectible: true);
        try
        {
            Approve(context.LoadFromAssemblyPath(path), "netstandard2.0");
        }
        finally
        {
            context.Unload();
        }
    }

    private static void Approve(Assembly assembly, string targetFramework)
    {
        string actual = Normalize(assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,

            // PublicApiGenerator leaves out Microsoft.* namespaces unless allowed; the DI extensions live in one.
            AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection"],

            // Compiler-generated state machine names change with unrelated edits; they are not API.
            ExcludeAttributes =
            [
                "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
                "System.Runtime.CompilerServices.AsyncStateMachineAttribute",
            ],
        }));
        string approvedPath = Path.Combine(TestPaths.ProjectDirectory, "PublicApi", $"Aki.Client.{targetFramework}.txt");
        string receivedPath = Path.Combine(TestPaths.ProjectDirectory, "PublicApi", $"Aki.Client.{targetFramework}.received.txt");
        string? approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;

        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        string difference = approved is null ? "There is no approved listing yet." : FirstDifference(approved, actual);
        throw new XunitException(
            $"The public API of Aki.Client ({targetFramework}) differs from the approved listing.{Environment.NewLine}" +
            $"{difference}{Environment.NewLine}" +
            $"Review: diff {approvedPath} {receivedPath}{Environment.NewLine}" +
            $"If the change is intended: cp {receivedPath} {approvedPath}, and commit it with the change.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string FirstDifference(string approved, string actual)
    {
        string[] expectedLines = approved.Split('\n');
        string[] actualLines = actual.Split('\n');
        for (int i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            string? expected = i < expectedLines.Length ? expectedLines[i] : null;
            string? found = i < actualLines.Length ? actualLines[i] : null;
            if (expected != found)
            {
                return $"First difference at line {i + 1}:{Environment.NewLine}  approved: {expected ?? "(end of file)"}{Environment.NewLine}  received: {found ?? "(end of file)"}";
            }
        }

        return "The listings differ only in line endings or trailing space.";
    }
}
