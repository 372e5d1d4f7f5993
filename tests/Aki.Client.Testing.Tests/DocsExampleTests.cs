using Aki.Client.Testing;

namespace Aki.Client.Testing.Tests;

// The worked example of docs/testing-your-app.md, kept identical so the page cannot rot.
public sealed class ReplyDrafter(AkiClient aki)
{
    public async Task<string> DraftAsync(string customerMail, CancellationToken cancellationToken)
    {
        try
        {
            Message answer = await aki.Messages.CreateAsync(new MessageRequest
            {
                Model = AkiModels.Gemma4_26B,
                System = "Draft a short, polite reply.",
                Messages = [MessageParam.User(customerMail)],
            }, cancellationToken);
            return answer.Text;
        }
        catch (AkiRateLimitException)
        {
            return "Our assistant is busy; a colleague will answer you shortly.";
        }
    }
}

public sealed class ReplyDrafterTests : IAsyncLifetime
{
    private AkiFixtureServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { FixtureDirectory = "Fixtures" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private AkiClient Client(string? scenario = null)
    {
        var options = new AkiClientOptions { ApiKey = "test", Endpoint = _server.BaseAddress, MaxRetries = 0 };
        if (scenario is not null)
        {
            options.DefaultHeaders[AkiFixtureServer.ScenarioHeader] = scenario;
        }

        return new AkiClient(options);
    }

    [Fact]
    public async Task DraftsTheModelsAnswer()
    {
        using AkiClient aki = Client();
        string draft = await new ReplyDrafter(aki).DraftAsync("Where is my parcel?", CancellationToken.None);
        Assert.Equal("Thank you for asking. Your parcel left our warehouse today.", draft);
    }

    [Fact]
    public async Task FallsBackToAPoliteHoldingReplyWhenRateLimited()
    {
        using AkiClient aki = Client(AkiFixtureScenarios.RateLimited);
        string draft = await new ReplyDrafter(aki).DraftAsync("Where is my parcel?", CancellationToken.None);
        Assert.StartsWith("Our assistant is busy", draft);
    }
}
