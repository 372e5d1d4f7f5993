namespace Aki.Client.Testing.Tests;

/// <summary>The SDK against the fixture server, the way the QuickStart and users' tests use it.</summary>
public class SdkTests
{
    [Fact]
    public async Task AkiClientGetsTheQuickStartAnswer()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "fixture", Endpoint = server.BaseAddress });

        Message answer = await client.Messages.CreateAsync(new MessageRequest
        {
            Model = AkiModels.Gemma4_26B,
            MaxTokens = 512,
            Messages = [MessageParam.User(Wire.QuickStartPrompt)],
        });

        Assert.StartsWith("EU data residency matters because", answer.Text, StringComparison.Ordinal);
        Assert.Equal("gemma4-26b", answer.Model);
        Assert.StartsWith("req_", answer.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AkiClientNoticesTheSilentModelFallback()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        var options = new AkiClientOptions { ApiKey = "fixture", Endpoint = server.BaseAddress };
        options.DefaultHeaders[AkiFixtureServer.ScenarioHeader] = AkiFixtureScenarios.ModelFallback;
        using var client = new AkiClient(options);

        Message answer = await client.Messages.CreateAsync(new MessageRequest
        {
            Model = AkiModels.Qwen36_35B,
            Messages = [MessageParam.User("Hi")],
        });

        Assert.Equal("minimax-m2.5-230b", answer.Model);
        Assert.True(answer.IsModelFallback);
    }
}
