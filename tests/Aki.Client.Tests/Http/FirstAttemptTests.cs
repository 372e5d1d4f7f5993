using System.Net.Http;
using Aki.Client.Tests.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Aki.Client.Tests.ReplyScript;

namespace Aki.Client.Tests.Http;

/// <summary>
/// A call's first attempt runs outside the retry pipeline when nothing observes the pipeline; a failed first attempt
/// is handed to the pipeline as its own, so retries, their limits and the server's say are exactly the pipeline's.
/// When the pipeline reports telemetry, every execution goes through it.
/// </summary>
public class FirstAttemptTests
{
    [Fact]
    public async Task AFailedFirstAttemptIsRetriedByThePipelineUpToItsLimit()
    {
        using var script = new ReplyScript(Status(529, "{}"), Status(503, "{}"), Ok("third attempt"));
        using AkiClient client = script.CreateClient(o => { o.MaxRetries = 2; o.RetryBaseDelay = TimeSpan.Zero; });

        Message message = await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("third attempt", message.Text);
        Assert.Equal(3, script.Count);
    }

    [Fact]
    public async Task AFirstAttemptThatCouldNotConnectIsRetried()
    {
        using var script = new ReplyScript(ConnectionFailure(), EventStream(TestStreams.Complete("second attempt")));
        using AkiClient client = script.CreateClient(o => { o.MaxRetries = 1; o.RetryBaseDelay = TimeSpan.Zero; });

        Message message = await client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync();

        Assert.Equal("second attempt", message.Text);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task AFirstAttemptTheServerSaysNotToRetryEndsTheCallWithItsError()
    {
        using var script = new ReplyScript(Status(529, "{}", ("x-should-retry", "false")), Ok("never sent"));
        using AkiClient client = script.CreateClient(o => { o.MaxRetries = 3; o.RetryBaseDelay = TimeSpan.Zero; });

        AkiApiException error = await Assert.ThrowsAnyAsync<AkiApiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(529, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task RetriesRunningOutCountEveryAttempt()
    {
        using var script = new ReplyScript(Status(500, "{}"), Status(500, "{}"), Status(500, "{}"));
        using AkiClient client = script.CreateClient(o => { o.MaxRetries = 2; o.RetryBaseDelay = TimeSpan.Zero; });

        AkiApiException error = await Assert.ThrowsAnyAsync<AkiApiException>(() => client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync());

        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, script.Count);
    }

    [Fact]
    public async Task AnObservedPipelineSeesAFirstTimeSuccessToo()
    {
        using var capture = new TelemetryCapture();
        using var script = new ReplyScript(Ok("at once"));
        using var client = new AkiClient(capture.Options(o => o.MaxRetries = 2), script.Handler.ToHttpClient());
        using var executions = new MetricCollector<double>(null, "Polly", "resilience.polly.pipeline.duration");

        await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Contains(executions.GetMeasurementSnapshot(), m => Equals(m.Tags["pipeline.name"], "Aki.Client"));
    }
}
