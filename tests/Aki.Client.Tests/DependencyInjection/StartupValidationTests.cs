using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Aki.Client.Tests.DependencyInjection;

/// <summary>
/// Options are checked when the host starts, with messages that name the setting. These tests set and clear
/// <c>AKI_API_KEY</c>, so they run alone.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public class StartupValidationTests
{
    [Fact]
    public void MissingKeyFailsStartupNamingApiKeyAndTheEnvironmentVariable()
    {
        using var noKey = new EnvironmentVariableScope(AkiClientOptions.ApiKeyEnvironmentVariable, null);

        OptionsValidationException e = ValidateOnStart(o => { });

        Assert.Contains("ApiKey is not set", e.Message, StringComparison.Ordinal);
        Assert.Contains("AKI_API_KEY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyFromTheEnvironmentVariableSatisfiesStartupAndIsSent()
    {
        const string key = "sk-aki-from-environment-51d0";
        using var environment = new EnvironmentVariableScope(AkiClientOptions.ApiKeyEnvironmentVariable, key);
        using var mock = new MockAki();
        var services = new ServiceCollection();
        services.AddAkiClient(ConfigurationBindingTests.Configuration(new Dictionary<string, string?> { ["Aki:MaxRetries"] = "0" }).GetSection("Aki"))
            .ConfigurePrimaryHttpMessageHandler(() => mock.Handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        await provider.GetRequiredService<AkiClient>().Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal(key, mock.SingleRequest.Header("x-api-key"));
    }

    [Theory]
    [InlineData("http://aki.io/anthropic", "plain http")]
    [InlineData("http://10.0.0.1:8000", "plain http")]
    [InlineData("ftp://aki.io/anthropic", "https")]
    public void UnusableEndpointFailsStartupNamingEndpoint(string endpoint, string reason)
    {
        OptionsValidationException e = ValidateOnStart(o => { o.ApiKey = "k"; o.Endpoint = new Uri(endpoint); });

        Assert.Contains("Endpoint is not usable", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttpToLoopbackPassesStartup()
    {
        var services = new ServiceCollection();
        services.AddAkiClient(o => { o.ApiKey = "k"; o.Endpoint = new Uri("http://127.0.0.1:5123"); });
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void TotalTimeoutShorterThanTimeoutFailsStartupNamingBoth()
    {
        OptionsValidationException e = ValidateOnStart(o => { o.ApiKey = "k"; o.Timeout = TimeSpan.FromMinutes(10); o.TotalTimeout = TimeSpan.FromMinutes(5); });

        Assert.Contains("TotalTimeout (00:05:00) is shorter than Timeout (00:10:00)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        using var noKey = new EnvironmentVariableScope(AkiClientOptions.ApiKeyEnvironmentVariable, null);

        OptionsValidationException e = ValidateOnStart(o => { o.Endpoint = new Uri("http://aki.io"); o.TotalTimeout = TimeSpan.FromSeconds(1); });

        Assert.Equal(3, e.Failures.Count());
        Assert.Contains(e.Failures, f => f.Contains("ApiKey", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("Endpoint", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("TotalTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void KeyedClientsFailureNamesTheKey()
    {
        using var noKey = new EnvironmentVariableScope(AkiClientOptions.ApiKeyEnvironmentVariable, null);
        var services = new ServiceCollection();
        services.AddAkiClient(o => o.ApiKey = "k");
        services.AddKeyedAkiClient("research", o => { });
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Aki (research): ApiKey is not set", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Aki: ApiKey", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostDoesNotStartWithoutAKey()
    {
        using var noKey = new EnvironmentVariableScope(AkiClientOptions.ApiKeyEnvironmentVariable, null);
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Aki:Endpoint"] = "https://aki.io/anthropic" });
        builder.Services.AddAkiClient(builder.Configuration.GetSection("Aki"));
        using IHost host = builder.Build();

        OptionsValidationException e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ApiKey is not set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostDoesNotStartWithABadConfigurationValueAndSaysWhichSetting()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Aki:ApiKey"] = "k", ["Aki:StreamIdleTimeout"] = "two minutes" });
        builder.Services.AddAkiClient(builder.Configuration.GetSection("Aki"));
        using IHost host = builder.Build();

        InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("'Aki:StreamIdleTimeout'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStartsWithAValidConfigurationAndServesTheClient()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Aki:ApiKey"] = "k", ["Aki:ModelValidation"] = "Off" });
        builder.Services.AddAkiClient(builder.Configuration.GetSection("Aki"));
        using IHost host = builder.Build();

        await host.StartAsync();
        AkiClient client = host.Services.GetRequiredService<AkiClient>();
        await host.StopAsync();

        Assert.Equal(ModelValidation.Off, client.Options.ModelValidation);
    }

    private static OptionsValidationException ValidateOnStart(Action<AkiClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddAkiClient(configure);
        using ServiceProvider provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }
}
