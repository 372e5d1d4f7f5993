using System.Diagnostics;
using Aki.Client.Testing;

namespace Aki.Client.Tests.Diagnostics;

/// <summary>Over real sockets, each HTTP attempt's own activity (HttpClient's) is a child of the call's span.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class HttpAttemptTelemetryTests
{
    [Fact]
    public async Task EveryAttemptOfARetriedCallIsAChildOfTheCallsSpan()
    {
        using var capture = new TelemetryCapture();
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        var options = new AkiClientOptions
        {
            ApiKey = "fixture",
            Endpoint = server.BaseAddress,
            MaxRetries = 1,
            RetryBaseDelay = TimeSpan.Zero,
        };
        options.DefaultHeaders[AkiFixtureServer.ScenarioHeader] = AkiFixtureScenarios.Overloaded;
        using var client = new AkiClient(options);

        await Assert.ThrowsAnyAsync<AkiApiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Activity span = capture.SingleCall;
        Assert.Equal(2, span.Tag("aki.request.attempts"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        IReadOnlyList<Activity> attempts = capture.HttpActivities.Where(a => a.ParentSpanId == span.SpanId).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(529, a.GetTagItem("http.response.status_code")));
    }

    [Fact]
    public async Task AStreamsAttemptIsAChildOfTheStreamsSpan()
    {
        using var capture = new TelemetryCapture();
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "fixture", Endpoint = server.BaseAddress });

        Message message = await client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync();

        Activity span = capture.SingleCall;
        Assert.Equal(message.Model, span.Tag("gen_ai.response.model"));
        Activity attempt = Assert.Single(capture.HttpActivities, a => a.ParentSpanId == span.SpanId);
        Assert.Equal("POST", attempt.GetTagItem("http.request.method"));
    }
}
