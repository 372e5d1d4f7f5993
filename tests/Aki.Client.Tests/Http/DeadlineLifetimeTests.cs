using System.Net.Http;
using Aki.Client.Http;
using static Aki.Client.Tests.ReplyScript;

namespace Aki.Client.Tests.Http;

/// <summary>
/// Every deadline a call starts is disposed however the call ends: an attempt whose request cannot be made, an
/// attempt's deadline handed over to a stream as its idle limit, retries, a body of the wrong type, the caller's cancel.
/// </summary>
public class DeadlineLifetimeTests
{
    [Fact]
    public async Task AnAttemptWhoseRequestCannotBeMadeLeavesNoDeadlineRunning()
    {
        var time = new LiveTimerCounter();
        using var pipeline = new AkiHttpPipeline(new AkiClientOptions { ApiKey = "test-key", TimeProvider = time, MaxRetries = 0 }, new HttpClient());

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await pipeline.Sender.SendAndReadAsync(() => throw new InvalidOperationException("no request"), TimeSpan.FromMinutes(1), TimeoutKind.Attempt, new AttemptCounter(), CancellationToken.None));

        Assert.Equal(0, time.Live);
    }

    [Fact]
    public async Task AStreamAnsweredWithTheWrongContentTypeLeavesNoDeadlineRunning()
    {
        var time = new LiveTimerCounter();
        using var script = new ReplyScript(Ok());
        using AkiClient client = CreateClient(script, time, maxRetries: 0);

        await Assert.ThrowsAsync<AkiUnexpectedResponseException>(() => client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync());

        Assert.Equal(0, time.Live);
    }

    [Fact]
    public async Task AStreamRetriedBeforeItsHeadersLeavesNoDeadlineRunning()
    {
        var time = new LiveTimerCounter();
        using var script = new ReplyScript(Status(529, "{}"), Status(500, "{}"), EventStream(TestStreams.Complete("third attempt")));
        using AkiClient client = CreateClient(script, time, maxRetries: 3);

        Message message = await client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync();

        Assert.Equal("third attempt", message.Text);
        Assert.Equal(3, script.Count);
        Assert.Equal(0, time.Live);
    }

    [Fact]
    public async Task AStreamWhoseRetriesRunOutLeavesNoDeadlineRunning()
    {
        var time = new LiveTimerCounter();
        using var script = new ReplyScript(Status(529, "{}"), Status(529, "{}"));
        using AkiClient client = CreateClient(script, time, maxRetries: 1);

        await Assert.ThrowsAnyAsync<AkiApiException>(() => client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync());

        Assert.Equal(0, time.Live);
    }

    [Fact]
    public async Task AStreamTheCallerCancelsLeavesNoDeadlineRunning()
    {
        var time = new LiveTimerCounter();
        using var script = new ReplyScript(EventStream(TestStreams.Complete("never read to the end")));
        using AkiClient client = CreateClient(script, time, maxRetries: 0);
        using var cts = new CancellationTokenSource();

        await using MessageStream stream = client.Messages.StreamAsync(TestRequests.Hello(), cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (MessageStreamEvent _ in stream)
            {
                await cts.CancelAsync();
            }
        });

        Assert.Equal(0, time.Live);
    }

    private static AkiClient CreateClient(ReplyScript script, TimeProvider time, int maxRetries) =>
        script.CreateClient(o =>
        {
            o.TimeProvider = time;
            o.StreamResponseTimeout = TimeSpan.FromSeconds(20);
            o.StreamIdleTimeout = TimeSpan.FromSeconds(15);
            o.MaxRetries = maxRetries;
            o.RetryBaseDelay = TimeSpan.Zero;
        });
}
