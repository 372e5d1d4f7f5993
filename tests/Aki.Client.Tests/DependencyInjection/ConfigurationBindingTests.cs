using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aki.Client.Tests.DependencyInjection;

/// <summary><c>AddAkiClient(IConfiguration)</c> reads every setting, and names the setting when a value is wrong.</summary>
public class ConfigurationBindingTests
{
    [Fact]
    public void EverySettingIsBoundFromConfiguration()
    {
        AkiClientOptions options = Resolve(new Dictionary<string, string?>
        {
            ["Aki:ApiKey"] = "sk-from-configuration",
            ["Aki:Endpoint"] = "https://llm.example.eu/gateway/anthropic",
            ["Aki:AnthropicVersion"] = "2024-10-22",
            ["Aki:UserAgentSuffix"] = "search-bot/3.1",
            ["Aki:MaxRetries"] = "5",
            ["Aki:ModelValidation"] = "strict",
            ["Aki:Timeout"] = "00:05:00",
            ["Aki:TotalTimeout"] = "900",
            ["Aki:StreamResponseTimeout"] = "00:00:45",
            ["Aki:StreamIdleTimeout"] = "90",
            ["Aki:MaxRetryAfter"] = "00:00:20",
            ["Aki:RetryBaseDelay"] = "00:00:00.250",
            ["Aki:DefaultHeaders:x-team"] = "search",
            ["Aki:DefaultHeaders:x-tenant"] = "acme",
        });

        Assert.Equal("sk-from-configuration", options.ApiKey);
        Assert.Equal(new Uri("https://llm.example.eu/gateway/anthropic"), options.Endpoint);
        Assert.Equal("2024-10-22", options.AnthropicVersion);
        Assert.Equal("search-bot/3.1", options.UserAgentSuffix);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(ModelValidation.Strict, options.ModelValidation);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(15), options.TotalTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), options.StreamResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), options.StreamIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.MaxRetryAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.RetryBaseDelay);
        Assert.Equal(2, options.DefaultHeaders.Count);
        Assert.Equal("search", options.DefaultHeaders["x-team"]);
        Assert.Equal("acme", options.DefaultHeaders["X-Tenant"]);
    }

    [Fact]
    public void SettingsThatAreAbsentKeepTheirDefaults()
    {
        AkiClientOptions options = Resolve(new Dictionary<string, string?> { ["Aki:ApiKey"] = "sk-only-the-key" });
        var defaults = new AkiClientOptions();

        Assert.Equal(AkiClientOptions.DefaultEndpoint, options.Endpoint);
        Assert.Equal(AkiClientOptions.DefaultAnthropicVersion, options.AnthropicVersion);
        Assert.Null(options.UserAgentSuffix);
        Assert.Equal(defaults.MaxRetries, options.MaxRetries);
        Assert.Equal(defaults.ModelValidation, options.ModelValidation);
        Assert.Equal(defaults.Timeout, options.Timeout);
        Assert.Equal(defaults.TotalTimeout, options.TotalTimeout);
        Assert.Equal(defaults.StreamResponseTimeout, options.StreamResponseTimeout);
        Assert.Equal(defaults.StreamIdleTimeout, options.StreamIdleTimeout);
        Assert.Equal(defaults.MaxRetryAfter, options.MaxRetryAfter);
        Assert.Equal(defaults.RetryBaseDelay, options.RetryBaseDelay);
        Assert.Empty(options.DefaultHeaders);
    }

    [Theory]
    [InlineData("00:00:01.5", 1500)]
    [InlineData("00:00:02", 2000)]
    [InlineData("1.5", 1500)]
    [InlineData("2", 2000)]
    [InlineData("0", 0)]
    public void DurationsAreReadAsATimeSpanOrAsSeconds(string value, double milliseconds)
    {
        AkiClientOptions options = Resolve(new Dictionary<string, string?> { ["Aki:ApiKey"] = "k", ["Aki:RetryBaseDelay"] = value });

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), options.RetryBaseDelay);
    }

    [Theory]
    [InlineData("MaxRetries", "many")]
    [InlineData("MaxRetries", "-1")]
    [InlineData("MaxRetries", "2.5")]
    [InlineData("ModelValidation", "Paranoid")]
    [InlineData("ModelValidation", "7")]
    [InlineData("Endpoint", "aki.io/anthropic")]
    [InlineData("Timeout", "soon")]
    [InlineData("Timeout", "0")]
    [InlineData("Timeout", "-5")]
    [InlineData("TotalTimeout", "00:99:00")]
    [InlineData("StreamResponseTimeout", "-00:00:01")]
    [InlineData("StreamIdleTimeout", "NaN")]
    [InlineData("MaxRetryAfter", "-1")]
    [InlineData("RetryBaseDelay", "1e20")]
    [InlineData("RetryBaseDelay", "Infinity")]
    public void BadValueFailsWithAMessageNamingTheSettingAndTheValue(string setting, string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Resolve(new Dictionary<string, string?> { ["Aki:ApiKey"] = "k", ["Aki:" + setting] = value }));

        Assert.Contains($"'Aki:{setting}'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyedClientReportsTheFullPathOfItsSection()
    {
        IConfiguration configuration = Configuration(new Dictionary<string, string?> { ["Aki:Support:ApiKey"] = "k", ["Aki:Support:MaxRetries"] = "lots" });
        var services = new ServiceCollection();
        services.AddKeyedAkiClient("support", configuration.GetSection("Aki:Support"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<AkiClient>("support"));

        Assert.Contains("'Aki:Support:MaxRetries'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadValueNeverEchoesTheApiKey()
    {
        const string key = "sk-aki-secret-0d9e8f7a6b5c";
        var e = Assert.Throws<InvalidOperationException>(() => Resolve(new Dictionary<string, string?> { ["Aki:ApiKey"] = key, ["Aki:Timeout"] = "forever" }));

        Assert.DoesNotContain(key, e.ToString(), StringComparison.Ordinal);
    }

    internal static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static AkiClientOptions Resolve(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddAkiClient(Configuration(values).GetSection("Aki"));
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<AkiClient>().Options;
    }
}
