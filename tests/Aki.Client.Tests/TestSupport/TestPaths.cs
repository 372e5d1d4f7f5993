using System;
using System.Linq;
using System.Reflection;

namespace Aki.Client.Tests;

/// <summary>Paths the test project's build records in assembly metadata (see Aki.Client.Tests.csproj).</summary>
internal static class TestPaths
{
    public static string ProjectDirectory => Metadata("Aki.Client.Tests.ProjectDirectory");

    public static string NetStandardAssembly => Metadata("Aki.Client.NetStandard2.0.Path");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata; build it with dotnet build so that Aki.Client.Tests.csproj can record it.");
}
