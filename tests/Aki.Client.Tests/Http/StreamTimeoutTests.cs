using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using static Aki.Client.Tests.ReplyScript;

namespace Aki.Client.Tests.Http;

/// <summary>
/// A stream's two limits: <see cref="AkiClientOptions.StreamResponseTimeout"/> for each attempt's wait for the headers,
/// <see cref="AkiClientOptions.StreamIdleTimeout"/> for silence inside the body; and the caller's cancellation, which is
/// neither.
/// </summary>
public class StreamTimeoutTests
{
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_responseTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_idleTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task HeadersThatNeverComeFailWithAkiTimeoutExceptionNamingStreamResponseTimeout()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Hang());
        using AkiClient client = CreateClient(script, time, maxRetries: 0);

        Task<Message> read = client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync();
        await script.WaitForRequestsAsync(1);
        time.Advance(s_responseTimeout - TimeSpan.FromTicks(1));
        Assert.False(read.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));

        AkiTimeoutException e = await Assert.ThrowsAsync<AkiTimeoutException>(() => read.WaitAsync(s_guard));
        Assert.Equal(s_responseTimeout, e.Timeout);
        Assert.Contains("StreamResponseTimeout", e.Message, StringComparison.Ordinal);
        Assert.Null(e.PartialMessage);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task StreamResponseTimeoutIsPerAttemptAndRetried()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Hang(), EventStream(TestStreams.Complete("second attempt")));
        using AkiClient client = CreateClient(script, time, maxRetries: 1);

        Task<Message> read = client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync();
        await script.WaitForRequestsAsync(1);
        time.Advance(s_responseTimeout);

        Message message = await read.WaitAsync(s_guard);
        Assert.Equal("second attempt", message.Text);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task StalledBodyFailsWithAkiTimeoutExceptionCarryingThePartialMessage()
    {
        var time = new ObservedTimeProvider();
        ScriptedBodyStream body = ScriptedBodyStream.ThenStall(TestStreams.Start("Before the silence"));
        using var script = new ReplyScript(EventStream(() => body, ("request-id", "req_stalled")), EventStream(TestStreams.Complete("a replay that must not happen")));
        using AkiClient client = CreateClient(script, time, maxRetries: 2);
        var seen = new List<MessageStreamEvent>();

        Task read = ReadAllAsync(client.Messages.StreamAsync(TestRequests.Hello()), seen);
        await body.ReachedEnd.WaitAsync(s_guard);
        time.Advance(s_idleTimeout - TimeSpan.FromTicks(1));
        Assert.False(read.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));

        AkiTimeoutException e = await Assert.ThrowsAsync<AkiTimeoutException>(() => read.WaitAsync(s_guard));
        Assert.Equal(s_idleTimeout, e.Timeout);
        Assert.Contains("StreamIdleTimeout", e.Message, StringComparison.Ordinal);
        Assert.Equal("Before the silence", e.PartialMessage?.Text);
        Assert.Equal("req_stalled", e.RequestId);
        Assert.Equal(3, seen.Count);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task TheIdleDeadlineStartsWhenTheHeadersArriveAndIsTheAttemptsTimerRestarted()
    {
        // Headers a second before the response deadline, then a body that stalls: the idle limit counts from the
        // headers (the attempt's timer, handed over and restarted), never what was left of the response deadline.
        var time = new ObservedTimeProvider();
        var headers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ScriptedBodyStream body = ScriptedBodyStream.ThenStall(TestStreams.Start("Late headers"));
        Func<HttpRequestMessage, Task<HttpResponseMessage>> answer = EventStream(() => body);
        using var script = new ReplyScript(async request =>
        {
            await headers.Task;
            return await answer(request);
        });
        using AkiClient client = CreateClient(script, time, maxRetries: 0);

        Task read = ReadAllAsync(client.Messages.StreamAsync(TestRequests.Hello()), []);
        await script.WaitForRequestsAsync(1);
        time.Advance(s_responseTimeout - TimeSpan.FromSeconds(1));
        headers.SetResult();
        await body.ReachedEnd.WaitAsync(s_guard);
        time.Advance(s_idleTimeout - TimeSpan.FromTicks(1));
        Assert.False(read.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));

        AkiTimeoutException e = await Assert.ThrowsAsync<AkiTimeoutException>(() => read.WaitAsync(s_guard));
        Assert.Equal(s_idleTimeout, e.Timeout);
        Assert.Contains("StreamIdleTimeout", e.Message, StringComparison.Ordinal);
        Assert.Equal("Late headers", e.PartialMessage?.Text);
        Assert.Equal([s_responseTimeout], time.DueTimes);
    }

    [Fact]
    public async Task IdleTimeoutDoesNotCountTheTimeTheCallerSpendsBetweenEvents()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(EventStream(TestStreams.Complete("slow reader")));
        using AkiClient client = CreateClient(script, time, maxRetries: 0);
        MessageStream stream = client.Messages.StreamAsync(TestRequests.Hello());

        int events = 0;
        await foreach (MessageStreamEvent _ in stream)
        {
            events++;
            time.Advance(s_idleTimeout * 2);
        }

        Assert.Equal(6, events);
        Assert.Equal("slow reader", (await stream.GetFinalMessageAsync()).Text);
    }

    [Fact]
    public async Task CallerCancellationWhileWaitingForHeadersIsOperationCanceledWithTheCallersToken()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Hang());
        using AkiClient client = CreateClient(script, time, maxRetries: 2);
        using var cts = new CancellationTokenSource();

        Task<Message> read = client.Messages.StreamAsync(TestRequests.Hello(), cts.Token).GetFinalMessageAsync();
        await script.WaitForRequestsAsync(1);
        await cts.CancelAsync();

        Exception e = await Record.ExceptionAsync(() => read.WaitAsync(s_guard));
        Assert.IsNotType<AkiTimeoutException>(e);
        OperationCanceledException canceled = Assert.IsAssignableFrom<OperationCanceledException>(e);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task CallerCancellationInsideTheBodyIsOperationCanceledWithTheCallersToken()
    {
        var time = new ObservedTimeProvider();
        ScriptedBodyStream body = ScriptedBodyStream.ThenStall(TestStreams.Start());
        using var script = new ReplyScript(EventStream(() => body));
        using AkiClient client = CreateClient(script, time, maxRetries: 2);
        using var cts = new CancellationTokenSource();

        Task read = ReadAllAsync(client.Messages.StreamAsync(TestRequests.Hello(), cts.Token), []);
        await body.ReachedEnd.WaitAsync(s_guard);
        await cts.CancelAsync();

        Exception e = await Record.ExceptionAsync(() => read.WaitAsync(s_guard));
        Assert.IsNotType<AkiTimeoutException>(e);
        OperationCanceledException canceled = Assert.IsAssignableFrom<OperationCanceledException>(e);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task CancellationThroughTheEnumeratorTokenIsOperationCanceledWithThatToken()
    {
        var time = new ObservedTimeProvider();
        ScriptedBodyStream body = ScriptedBodyStream.ThenStall(TestStreams.Start());
        using var script = new ReplyScript(EventStream(() => body));
        using AkiClient client = CreateClient(script, time, maxRetries: 2);
        using var requestCts = new CancellationTokenSource();
        using var readCts = new CancellationTokenSource();
        MessageStream stream = client.Messages.StreamAsync(TestRequests.Hello(), requestCts.Token);

        Task read = Task.Run(async () =>
        {
            await foreach (MessageStreamEvent _ in stream.WithCancellation(readCts.Token))
            {
            }
        });
        await body.ReachedEnd.WaitAsync(s_guard);
        await readCts.CancelAsync();

        Exception e = await Record.ExceptionAsync(() => read.WaitAsync(s_guard));
        OperationCanceledException canceled = Assert.IsAssignableFrom<OperationCanceledException>(e);
        Assert.Equal(readCts.Token, canceled.CancellationToken);
    }

    [Fact]
    public async Task CallerCancellationAfterTheIdleTimeoutPassedIsStillTheCallers()
    {
        var time = new ObservedTimeProvider();
        ScriptedBodyStream body = ScriptedBodyStream.ThenStall(TestStreams.Start());
        using var script = new ReplyScript(EventStream(() => body));
        using AkiClient client = CreateClient(script, time, maxRetries: 0);
        using var cts = new CancellationTokenSource();

        Task read = ReadAllAsync(client.Messages.StreamAsync(TestRequests.Hello(), cts.Token), []);
        await body.ReachedEnd.WaitAsync(s_guard);
        await cts.CancelAsync();
        time.Advance(s_idleTimeout * 2);

        Exception e = await Record.ExceptionAsync(() => read.WaitAsync(s_guard));
        Assert.IsNotType<AkiTimeoutException>(e);
        Assert.IsAssignableFrom<OperationCanceledException>(e);
    }

    private static AkiClient CreateClient(ReplyScript script, TimeProvider time, int maxRetries) =>
        script.CreateClient(o =>
        {
            o.TimeProvider = time;
            o.StreamResponseTimeout = s_responseTimeout;
            o.StreamIdleTimeout = s_idleTimeout;
            o.MaxRetries = maxRetries;
            o.RetryBaseDelay = TimeSpan.Zero;
        });

    private static async Task ReadAllAsync(MessageStream stream, List<MessageStreamEvent> seen)
    {
        await foreach (MessageStreamEvent e in stream)
        {
            seen.Add(e);
        }
    }
}
