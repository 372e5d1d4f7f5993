using PublicApiGenerator;

namespace Aki.Client.Testing.Tests;

/// <summary>The public surface is a reviewed choice: any change shows up as a diff of the approved listing.</summary>
public class PublicApiTests
{
    [Fact]
    public void PublicApiMatchesTheApprovedListing()
    {
        string actual = typeof(AkiFixtureServer).Assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"] });
        string approvedFile = Path.Combine(SourceDirectory(), "PublicApi", "Aki.Client.Testing.net10.0.approved.txt");
        string approved = File.Exists(approvedFile) ? File.ReadAllText(approvedFile) : string.Empty;

        if (Normalize(approved) != Normalize(actual))
        {
            File.WriteAllText(Path.ChangeExtension(approvedFile, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt", actual);
        }

        Assert.Equal(Normalize(approved), Normalize(actual));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    // CI builds map source paths (/_/...), so [CallerFilePath] cannot find the approved file; the build records
    // the project directory in the test assembly instead (Aki.Client.Testing.Tests.csproj).
    private static string SourceDirectory() =>
        typeof(PublicApiTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .First(attribute => attribute.Key == "Aki.Client.Testing.Tests.ProjectDirectory").Value!;
}
