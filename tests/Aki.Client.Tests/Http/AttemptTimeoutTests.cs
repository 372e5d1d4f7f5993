using System;
using System.Threading;
using System.Threading.Tasks;
using static Aki.Client.Tests.ReplyScript;

namespace Aki.Client.Tests.Http;

/// <summary>
/// <see cref="AkiClientOptions.Timeout"/> bounds each non-streaming attempt and is retried like a failure;
/// <see cref="AkiClientOptions.TotalTimeout"/> bounds the call across attempts and delays; the caller's cancellation is
/// neither.
/// </summary>
public class AttemptTimeoutTests
{
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AttemptThatTimesOutIsRetriedAndTheNextAttemptAnswers()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Hang(), Ok("second attempt"));
        using AkiClient client = CreateClient(script, time, maxRetries: 1);

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await script.WaitForRequestsAsync(1);
        time.Advance(s_timeout);

        Message message = await call.WaitAsync(s_guard);
        Assert.Equal("second attempt", message.Text);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task EveryAttemptTimingOutThrowsAkiTimeoutExceptionAfterMaxRetriesPlusOneAttempts()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Hang());
        using AkiClient client = CreateClient(script, time, maxRetries: 2);

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            await script.WaitForRequestsAsync(attempt);
            Assert.False(call.IsCompleted);
            time.Advance(s_timeout);
        }

        AkiTimeoutException e = await Assert.ThrowsAsync<AkiTimeoutException>(() => call.WaitAsync(s_guard));
        Assert.Equal(s_timeout, e.Timeout);
        Assert.Equal(3, e.Attempts);
        Assert.Equal(3, script.Count);
        Assert.Contains("AkiClientOptions.Timeout", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
    }

    [Fact]
    public async Task AttemptTimeoutWithMaxRetriesZeroMakesOneAttempt()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Hang(), Ok());
        using AkiClient client = CreateClient(script, time, maxRetries: 0);

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await script.WaitForRequestsAsync(1);
        time.Advance(s_timeout);

        AkiTimeoutException e = await Assert.ThrowsAsync<AkiTimeoutException>(() => call.WaitAsync(s_guard));
        Assert.Equal(1, e.Attempts);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task TotalTimeoutEndsTheCallAcrossAttempts()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Hang());
        using AkiClient client = CreateClient(script, time, maxRetries: 5, total: TimeSpan.FromSeconds(45));

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await script.WaitForRequestsAsync(1);
        time.Advance(s_timeout);
        await script.WaitForRequestsAsync(2);
        time.Advance(TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));

        AkiTimeoutException e = await Assert.ThrowsAsync<AkiTimeoutException>(() => call.WaitAsync(s_guard));
        Assert.Equal(TimeSpan.FromSeconds(45), e.Timeout);
        Assert.Contains("AkiClientOptions.TotalTimeout", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Attempts);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task ARetryAfterBeyondTotalTimeoutIsNotWaitedForAndTheRateLimitSurfacesAtOnce()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", ("retry-after", "50")), Ok());
        using AkiClient client = CreateClient(script, time, maxRetries: 2, total: TimeSpan.FromSeconds(40));

        AkiRateLimitException e = await Assert.ThrowsAsync<AkiRateLimitException>(() => client.Messages.CreateAsync(TestRequests.Hello()).WaitAsync(s_guard));

        Assert.Equal(TimeSpan.FromSeconds(50), e.RetryAfter);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task TotalTimeoutAlsoEndsARetryThatStartedWithinIt()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", ("retry-after", "20")), Hang());
        using AkiClient client = CreateClient(script, time, maxRetries: 2, total: TimeSpan.FromSeconds(40));

        // The wait fits in the budget; the retry then hangs (its attempt timeout, 30 s, would end at 50 s) until
        // TotalTimeout ends the call at 40 s.
        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(20));
        await script.WaitForRequestsAsync(2);
        time.Advance(TimeSpan.FromSeconds(20));

        AkiTimeoutException e = await Assert.ThrowsAsync<AkiTimeoutException>(() => call.WaitAsync(s_guard));
        Assert.Equal(TimeSpan.FromSeconds(40), e.Timeout);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task CallerCancellationDuringAnAttemptIsOperationCanceledWithTheCallersTokenNotATimeout()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Hang());
        using AkiClient client = CreateClient(script, time, maxRetries: 2);
        using var cts = new CancellationTokenSource();

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello(), cts.Token);
        await script.WaitForRequestsAsync(1);
        await cts.CancelAsync();

        Exception e = await Record.ExceptionAsync(() => call.WaitAsync(s_guard));
        OperationCanceledException canceled = Assert.IsAssignableFrom<OperationCanceledException>(e);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task CallerCancellationDuringARetryDelayIsOperationCanceledWithTheCallersToken()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(503, "", ("retry-after", "20")), Ok());
        using AkiClient client = CreateClient(script, time, maxRetries: 2);
        using var cts = new CancellationTokenSource();

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello(), cts.Token);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(20));
        await cts.CancelAsync();

        Exception e = await Record.ExceptionAsync(() => call.WaitAsync(s_guard));
        OperationCanceledException canceled = Assert.IsAssignableFrom<OperationCanceledException>(e);
        Assert.IsNotType<AkiTimeoutException>(e);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task TimeoutsTooLongForATimerMeanNoDeadline()
    {
        using var script = new ReplyScript(Ok("no deadline"), EventStream(TestStreams.Complete("no deadline either")));
        using AkiClient client = script.CreateClient(o =>
        {
            o.Timeout = TimeSpan.MaxValue;
            o.TotalTimeout = TimeSpan.MaxValue;
            o.StreamResponseTimeout = TimeSpan.FromDays(100);
            o.StreamIdleTimeout = TimeSpan.MaxValue;
        });

        Message created = await client.Messages.CreateAsync(TestRequests.Hello());
        Message streamed = await client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync();

        Assert.Equal("no deadline", created.Text);
        Assert.Equal("no deadline either", streamed.Text);
    }

    private static AkiClient CreateClient(ReplyScript script, TimeProvider time, int maxRetries, TimeSpan? total = null) =>
        script.CreateClient(o =>
        {
            o.TimeProvider = time;
            o.Timeout = s_timeout;
            o.TotalTimeout = total ?? TimeSpan.FromMinutes(30);
            o.MaxRetries = maxRetries;
            o.RetryBaseDelay = TimeSpan.Zero;
        });
}
