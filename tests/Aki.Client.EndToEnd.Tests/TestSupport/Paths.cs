using System.Reflection;

namespace Aki.Client.EndToEnd.Tests;

/// <summary>Where the repository and the builds are; recorded at build time because CI maps source paths.</summary>
internal static class Paths
{
    public static string RepositoryRoot => Metadata("Aki.Client.RepositoryRoot");

    /// <summary>The aki-fixtures tool's built entry assembly, run with <c>dotnet exec</c>.</summary>
    public static string FixtureServerAssembly => Metadata("Aki.Client.FixtureServer.Path");

    /// <summary>A folder under the test output, kept after the run (screenshots, logs).</summary>
    public static string Artifacts(string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "artifacts", name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
}
