using Aki.Client.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace Aki.Client.Tests.Diagnostics;

/// <summary>The content opt-in: off by default, on through the conventions' variable, and the property wins.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class CaptureMessageContentOptionTests
{
    private const string Variable = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

    [Fact]
    public void ContentIsNotCapturedByDefault()
    {
        using var unset = new EnvironmentVariableScope(Variable, null);

        Assert.False(new AkiClientOptions().CaptureMessageContent);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("1", false)]
    public void TheConventionsVariableSetsTheDefault(string value, bool expected)
    {
        using var set = new EnvironmentVariableScope(Variable, value);

        Assert.Equal(expected, new AkiClientOptions().CaptureMessageContent);
    }

    [Fact]
    public void SettingThePropertyOverridesTheVariable()
    {
        using var set = new EnvironmentVariableScope(Variable, "true");

        Assert.False(new AkiClientOptions { CaptureMessageContent = false }.CaptureMessageContent);
    }

    [Fact]
    public void ConfigurationBindsTheOptInAndNamesABadValue()
    {
        using var unset = new EnvironmentVariableScope(Variable, null);
        var options = new AkiClientOptions();
        AkiConfigurationBinder.Bind(Section("true"), options);
        Assert.True(options.CaptureMessageContent);

        var error = Assert.Throws<InvalidOperationException>(() => AkiConfigurationBinder.Bind(Section("yes"), new AkiClientOptions()));
        Assert.Contains("Aki:CaptureMessageContent", error.Message, StringComparison.Ordinal);
        Assert.Contains("true or false", error.Message, StringComparison.Ordinal);
    }

    private static IConfigurationSection Section(string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Aki:CaptureMessageContent"] = value }).Build().GetSection("Aki");
}
