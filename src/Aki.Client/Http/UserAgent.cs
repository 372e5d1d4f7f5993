using System.Reflection;
using System.Runtime.InteropServices;

namespace Aki.Client.Http;

/// <summary>The <c>User-Agent</c> the SDK sends: its version, the runtime and the architecture.</summary>
internal static class UserAgent
{
    public static string Default { get; } = Build();

    public static string With(string? suffix) =>
        string.IsNullOrWhiteSpace(suffix) ? Default : Default + " " + suffix!.Trim();

    private static string Build()
    {
        string version = typeof(UserAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        int plus = version.IndexOf('+');
        if (plus >= 0)
        {
            version = version.Substring(0, plus);
        }

        return $"Aki.Client/{version} ({RuntimeInformation.FrameworkDescription.Replace('(', '[').Replace(')', ']')}; {RuntimeInformation.OSArchitecture})";
    }
}
