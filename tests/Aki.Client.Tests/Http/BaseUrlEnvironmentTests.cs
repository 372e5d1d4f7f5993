using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aki.Client.Tests.Http;

/// <summary>
/// <c>AKI_BASE_URL</c> points a client at another endpoint without code. Precedence: code, then configuration, then
/// the environment, then AKI.IO's default.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public class BaseUrlEnvironmentTests
{
    [Fact]
    public async Task WithoutAnEndpointInCodeTheEnvironmentVariableIsWhereRequestsGo()
    {
        using var variable = new EnvironmentVariableScope(AkiClientOptions.BaseUrlEnvironmentVariable, "http://127.0.0.1:5080/");
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();

        await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("http://127.0.0.1:5080/v1/messages", mock.SingleRequest.Uri.AbsoluteUri);
        Assert.Equal(new Uri("http://127.0.0.1:5080/"), client.BaseAddress);
    }

    [Fact]
    public void TheParameterlessConstructorReadsIt()
    {
        using var key = new EnvironmentVariableScope(AkiClientOptions.ApiKeyEnvironmentVariable, "sk-environment");
        using var variable = new EnvironmentVariableScope(AkiClientOptions.BaseUrlEnvironmentVariable, "https://staging.example.eu/anthropic/v1");
        using var client = new AkiClient();

        Assert.Equal(new Uri("https://staging.example.eu/anthropic/"), client.BaseAddress);
    }

    [Fact]
    public void AnEndpointSetInCodeWinsOverTheEnvironment()
    {
        using var variable = new EnvironmentVariableScope(AkiClientOptions.BaseUrlEnvironmentVariable, "http://127.0.0.1:5080/");
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k", Endpoint = new Uri("https://llm.example.eu/gateway/anthropic") });

        Assert.Equal(new Uri("https://llm.example.eu/gateway/anthropic/"), client.BaseAddress);
    }

    [Fact]
    public void WithNeitherTheDefaultIsAkiIo()
    {
        using var variable = new EnvironmentVariableScope(AkiClientOptions.BaseUrlEnvironmentVariable, null);
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k" });

        Assert.Equal(new Uri("https://aki.io/anthropic/"), client.BaseAddress);
        Assert.Equal(AkiClientOptions.DefaultEndpoint, client.Options.Endpoint);
    }

    [Fact]
    public void ABlankVariableCountsAsUnset()
    {
        using var variable = new EnvironmentVariableScope(AkiClientOptions.BaseUrlEnvironmentVariable, "  ");
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k" });

        Assert.Equal(new Uri("https://aki.io/anthropic/"), client.BaseAddress);
    }

    [Fact]
    public void AClientKeepsTheEndpointItWasBuiltWith()
    {
        using var variable = new EnvironmentVariableScope(AkiClientOptions.BaseUrlEnvironmentVariable, "http://127.0.0.1:5080/");
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k" });
        Environment.SetEnvironmentVariable(AkiClientOptions.BaseUrlEnvironmentVariable, "http://127.0.0.1:6000/");

        Assert.Equal(new Uri("http://127.0.0.1:5080/"), client.Options.Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:5080/"), client.BaseAddress);
    }

    [Theory]
    [InlineData("aki.io/anthropic", "must be an absolute http(s) address")]
    [InlineData("ftp://aki.io/anthropic", "must be an absolute http(s) address")]
    [InlineData("http://llm.example.eu/anthropic", "plain http")]
    public void AnUnusableValueFailsNamingTheVariable(string value, string expected)
    {
        using var variable = new EnvironmentVariableScope(AkiClientOptions.BaseUrlEnvironmentVariable, value);

        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => new AkiClient(new AkiClientOptions { ApiKey = "k" }));

        Assert.Contains("AKI_BASE_URL", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AkiClientOptions.Endpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToStringDoesNotThrowOnAnUnusableValue()
    {
        using var variable = new EnvironmentVariableScope(AkiClientOptions.BaseUrlEnvironmentVariable, "not an address");

        Assert.Contains("AKI_BASE_URL", new AkiClientOptions().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigurationWinsOverTheEnvironment()
    {
        using var variable = new EnvironmentVariableScope(AkiClientOptions.BaseUrlEnvironmentVariable, "http://127.0.0.1:5080/");

        AkiClient client = ResolveClient(new Dictionary<string, string?>
        {
            ["Aki:ApiKey"] = "k",
            ["Aki:Endpoint"] = "https://llm.example.eu/gateway/anthropic",
        });

        Assert.Equal(new Uri("https://llm.example.eu/gateway/anthropic/"), client.BaseAddress);
    }

    [Fact]
    public void ConfigurationWithoutAnEndpointUsesTheEnvironment()
    {
        using var variable = new EnvironmentVariableScope(AkiClientOptions.BaseUrlEnvironmentVariable, "http://127.0.0.1:5080/");

        AkiClient client = ResolveClient(new Dictionary<string, string?> { ["Aki:ApiKey"] = "k" });

        Assert.Equal(new Uri("http://127.0.0.1:5080/"), client.BaseAddress);
    }

    [Fact]
    public void StartUpValidationNamesTheVariableWhenItIsUnusable()
    {
        using var variable = new EnvironmentVariableScope(AkiClientOptions.BaseUrlEnvironmentVariable, "http://llm.example.eu/anthropic");
        var services = new ServiceCollection();
        services.AddAkiClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Aki:ApiKey"] = "k" }).Build().GetSection("Aki"));
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("The AKI_BASE_URL environment variable 'http://llm.example.eu' uses plain http", e.Message, StringComparison.Ordinal);
    }

    private static AkiClient ResolveClient(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddAkiClient(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Aki"));
        ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<AkiClient>();
    }
}
