using System;

namespace Aki.Client.Tests;

/// <summary>
/// Decides whether a test that needs something only <c>.ci/run</c> sets up (a corpus, an npm package, a browser) can
/// run: the set-up is named by an environment variable. Under a plain <c>dotnet test</c> without it the test reports
/// itself skipped with the reason, so it never passes without having checked anything; with <c>CI=true</c> it always
/// runs, so a set-up that went missing fails the build instead of hiding.
/// </summary>
internal static class RequiredEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The skip reason, or null when the test is to run.</summary>
    public static string? SkipReason(string variable, string whatItNames)
    {
        if (IsCi || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)))
        {
            return null;
        }

        return $"{variable} is not set ({whatItNames}); .ci/run sets it up. Set it to run this test locally.";
    }

    /// <summary>The variable's value; fails the test with what to do when it is missing (as it is only under CI by then).</summary>
    public static string Get(string variable, string whatItNames)
    {
        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"{variable} must name {whatItNames} when CI=true; .ci/run sets it. It is not set.");
        }

        return value!;
    }
}

/// <summary>A fact that runs only where <see cref="RequiredEnvironment"/> says its set-up exists (always under CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresEnvironmentFactAttribute : FactAttribute
{
    public RequiresEnvironmentFactAttribute(string variable, string whatItNames)
    {
        Skip = RequiredEnvironment.SkipReason(variable, whatItNames);
    }
}

/// <summary>A theory that runs only where <see cref="RequiredEnvironment"/> says its set-up exists (always under CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresEnvironmentTheoryAttribute : TheoryAttribute
{
    public RequiresEnvironmentTheoryAttribute(string variable, string whatItNames)
    {
        Skip = RequiredEnvironment.SkipReason(variable, whatItNames);
    }
}
