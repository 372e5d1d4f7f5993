namespace Aki.Client.Testing.Tests;

/// <summary><c>server.CreateClient()</c> hands out a working client; <c>UseScenario</c> changes the answer per request.</summary>
public class CreateClientTests
{
    private static MessageRequest Hello() => new() { Model = AkiModels.Gemma4_26B, MaxTokens = 64, Messages = [MessageParam.User(Wire.QuickStartPrompt)] };

    [Fact]
    public async Task TheClientTalksToTheServerWithItsKey()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { ApiKey = "only-this" });
        using AkiClient client = server.CreateClient();

        Message answer = await client.Messages.CreateAsync(Hello());

        Assert.Equal(server.BaseAddress, client.BaseAddress);
        Assert.Equal("only-this", client.Options.ApiKey);
        Assert.Contains("data", answer.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ConfigureChangesTheOptions()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using AkiClient client = server.CreateClient(o => o.MaxRetries = 0);

        Assert.Equal(0, client.Options.MaxRetries);
        Assert.Equal("aki-fixtures-test-key", client.Options.ApiKey);
    }

    [Fact]
    public async Task OneClientServesEveryScenarioScopeByScope()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using AkiClient client = server.CreateClient(o => o.MaxRetries = 0);

        using (server.UseScenario(AkiFixtureScenarios.RateLimited))
        {
            AkiRateLimitException limited = await Assert.ThrowsAsync<AkiRateLimitException>(() => client.Messages.CreateAsync(Hello()));
            Assert.Equal(TimeSpan.FromSeconds(2), limited.RetryAfter);

            using (server.UseScenario(AkiFixtureScenarios.ModelFallback))
            {
                Assert.True((await client.Messages.CreateAsync(Hello())).IsModelFallback);
            }

            await Assert.ThrowsAsync<AkiRateLimitException>(() => client.Messages.CreateAsync(Hello()));
        }

        Message normal = await client.Messages.CreateAsync(Hello());
        Assert.False(normal.IsModelFallback);
    }

    [Fact]
    public async Task AScenarioAppliesToStreamsToo()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using AkiClient client = server.CreateClient(o => o.MaxRetries = 0);

        using (server.UseScenario(AkiFixtureScenarios.MidStreamError))
        {
            MessageStream stream = client.Messages.StreamAsync(Hello());
            AkiApiException error = await Assert.ThrowsAnyAsync<AkiApiException>(() => stream.GetFinalMessageAsync());
            Assert.Equal(200, error.StatusCode);
        }
    }

    [Fact]
    public async Task ParallelFlowsKeepTheirOwnScenario()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using AkiClient client = server.CreateClient(o => o.MaxRetries = 0);

        async Task<bool> FallbackAsync(string? scenario)
        {
            using IDisposable? scope = scenario is null ? null : server.UseScenario(scenario);
            await Task.Yield();
            return (await client.Messages.CreateAsync(Hello())).IsModelFallback;
        }

        bool[] results = await Task.WhenAll(FallbackAsync(AkiFixtureScenarios.ModelFallback), FallbackAsync(null), FallbackAsync(AkiFixtureScenarios.ModelFallback), FallbackAsync(null));

        Assert.Equal([true, false, true, false], results);
    }

    [Fact]
    public async Task AScenarioNeedsAName()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();

        Assert.Throws<ArgumentException>(() => server.UseScenario(" "));
    }
}
