using Aki.Client.Testing;

namespace Aki.Client.Testing.Tests;

/// <summary>
/// The SDK against the fixture server: the worked example of the package README, kept identical so the README
/// compiles, plus the QuickStart's call.
/// </summary>
public sealed class SdkTests : IAsyncLifetime
{
    // --- README example starts ---
    private AkiFixtureServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { FixtureDirectory = "Fixtures" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private AkiClient CreateClient(string? scenario = null)
    {
        var options = new AkiClientOptions { ApiKey = "test", Endpoint = _server.BaseAddress, MaxRetries = 0 };
        if (scenario is not null)
        {
            options.DefaultHeaders[AkiFixtureServer.ScenarioHeader] = scenario;
        }

        return new AkiClient(options);
    }

    [Fact]
    public async Task TranslatesWithGemma()
    {
        using AkiClient client = CreateClient();

        Message answer = await client.Messages.CreateAsync(new MessageRequest
        {
            Model = AkiModels.Gemma4_26B,
            Messages = [MessageParam.User("Translate 'data residency' into German.")],
        });

        Assert.Contains("Datenresidenz", answer.Text);
    }

    [Fact]
    public async Task ReportsRateLimitsWithTheirRetryDelay()
    {
        using AkiClient client = CreateClient(AkiFixtureScenarios.RateLimited);

        var error = await Assert.ThrowsAsync<AkiRateLimitException>(() => client.Messages.CreateAsync(new MessageRequest
        {
            Model = AkiModels.Gemma4_26B,
            Messages = [MessageParam.User("Hello")],
        }));

        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
    }

    [Fact]
    public async Task NoticesTheSilentModelFallback()
    {
        using AkiClient client = CreateClient(AkiFixtureScenarios.ModelFallback);

        Message answer = await client.Messages.CreateAsync(new MessageRequest
        {
            Model = AkiModels.Qwen36_35B,
            Messages = [MessageParam.User("Hello")],
        });

        Assert.True(answer.IsModelFallback); // minimax-m2.5-230b answered
    }

    // --- README example ends ---
    [Fact]
    public async Task QuickStartCallGetsTheRecordedAnswerToItsPrompt()
    {
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "fixture", Endpoint = _server.BaseAddress });

        Message answer = await client.Messages.CreateAsync(new MessageRequest
        {
            Model = AkiModels.Gemma4_26B,
            MaxTokens = 512,
            Messages = [MessageParam.User(Wire.QuickStartPrompt)],
        });

        Assert.StartsWith("EU data residency matters because", answer.Text, StringComparison.Ordinal);
        Assert.Equal("gemma4-26b", answer.Model);
        Assert.Equal(46, answer.Usage.OutputTokens);
        Assert.StartsWith("req_", answer.RequestId, StringComparison.Ordinal);
    }
}
