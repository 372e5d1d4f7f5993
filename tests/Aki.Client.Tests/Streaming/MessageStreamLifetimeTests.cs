using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests.Streaming;

/// <summary>Releasing the response, cancellation, and the SDK's stream timeouts (on a fake clock: no test sleeps).</summary>
public class MessageStreamLifetimeTests
{
    private static readonly TimeSpan s_idleTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ResponseIsReleasedWhenEnumerationCompletes()
    {
        var body = ScriptedStream.Of(SseBodies.TextAnswer("a", "b"));
        using var harness = StreamingHarness.ForBody(() => body);
        MessageStream stream = harness.Stream();
        var disposedDuringLoop = new List<bool>();

        await foreach (MessageStreamEvent streamEvent in stream)
        {
            disposedDuringLoop.Add(body.IsDisposed);
        }

        Assert.All(disposedDuringLoop, Assert.False);
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task ResponseIsReleasedWhenGetFinalMessageAsyncCompletes()
    {
        var body = ScriptedStream.Of(SseBodies.TextAnswer("a", "b"));
        using var harness = StreamingHarness.ForBody(() => body);

        await harness.Stream().GetFinalMessageAsync();

        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task ResponseIsReleasedWhenTheLoopBreaksEarly()
    {
        var body = ScriptedStream.Of(SseBodies.TextAnswer("a", "b", "c"), ScriptedStream.Ending.Hang);
        using var harness = StreamingHarness.ForBody(() => body);
        MessageStream stream = harness.Stream();

        await foreach (MessageStreamEvent streamEvent in stream)
        {
            if (streamEvent is ContentBlockDeltaEvent)
            {
                break;
            }
        }

        Assert.True(body.IsDisposed);
        Assert.Equal("a", stream.CurrentMessage.Text);
        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => stream.GetFinalMessageAsync());
        Assert.Contains("CurrentMessage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseIsReleasedWhenTheLoopBodyThrows()
    {
        var body = ScriptedStream.Of(SseBodies.TextAnswer("a", "b"), ScriptedStream.Ending.Hang);
        using var harness = StreamingHarness.ForBody(() => body);

        await Assert.ThrowsAsync<FormatException>(async () =>
        {
            await foreach (MessageStreamEvent streamEvent in harness.Stream())
            {
                throw new FormatException("the caller's own bug");
            }
        });

        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task ResponseIsReleasedWhenTheStreamFails()
    {
        var body = ScriptedStream.Of(SseBodies.CutAfter("a") + SseBodies.Event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"), ScriptedStream.Ending.Hang);
        using var harness = StreamingHarness.ForBody(() => body);

        await Assert.ThrowsAsync<AkiRateLimitException>(() => harness.Stream().GetFinalMessageAsync());

        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task CancellingTheStreamAsyncTokenStopsWithinOneEventAndReleasesTheResponse()
    {
        var body = ScriptedStream.Of(SseBodies.TextAnswer("a", "b", "c", "d"), ScriptedStream.Ending.Hang);
        using var harness = StreamingHarness.ForBody(() => body);
        using var cancellation = new CancellationTokenSource();
        MessageStream stream = harness.Stream(cancellationToken: cancellation.Token);
        var events = new List<MessageStreamEvent>();

        Exception error = await Record.ExceptionAsync(async () =>
        {
            await foreach (MessageStreamEvent streamEvent in stream)
            {
                events.Add(streamEvent);
                if (events.Count == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        // Every event was already buffered: the cancellation is seen before the next one is handed out.
        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(3, events.Count);
        Assert.True(body.IsDisposed);
        Assert.Equal(0, body.ReadsAfterEnd);
    }

    [Fact]
    public async Task CancellingTheWithCancellationTokenStopsWithinOneEventAndReleasesTheResponse()
    {
        var body = ScriptedStream.Of(SseBodies.TextAnswer("a", "b", "c", "d"), ScriptedStream.Ending.Hang);
        using var harness = StreamingHarness.ForBody(() => body);
        using var requestCancellation = new CancellationTokenSource();
        using var loopCancellation = new CancellationTokenSource();
        int events = 0;

        Exception error = await Record.ExceptionAsync(async () =>
        {
            await foreach (MessageStreamEvent streamEvent in harness.Stream(cancellationToken: requestCancellation.Token).WithCancellation(loopCancellation.Token))
            {
                if (++events == 2)
                {
                    await loopCancellation.CancelAsync();
                }
            }
        });

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(2, events);
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task CancellingWhileWaitingForDataSurfacesAsCancellationNotTimeout()
    {
        var time = new FakeTimeProvider();
        var body = ScriptedStream.Of(SseBodies.CutAfter("a"), ScriptedStream.Ending.Hang);
        using var harness = StreamingHarness.ForBody(() => body, time, options => options.StreamIdleTimeout = s_idleTimeout);
        using var cancellation = new CancellationTokenSource();
        await using IAsyncEnumerator<MessageStreamEvent> enumerator = harness.Stream().GetAsyncEnumerator(cancellation.Token);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(await enumerator.MoveNextAsync());
        }

        Task<bool> waiting = enumerator.MoveNextAsync().AsTask();
        await body.Hanging;
        time.Advance(s_idleTimeout / 2);
        await cancellation.CancelAsync();

        Exception error = await Record.ExceptionAsync(() => waiting);

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.True(body.IsDisposed);
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, false)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    [InlineData(true, true, false)]
    public async Task CancellationCarriesTheCallersOwnToken(bool streamAsyncToken, bool withCancellationToken, bool whileReading)
    {
        // Callers filter with "catch (OperationCanceledException e) when (e.CancellationToken == theirToken)"; the
        // SDK's linked and timeout tokens must not leak out instead (CreateAsync behaves the same way).
        string buffered = SseBodies.CutAfter("a") + (whileReading ? string.Empty : SseBodies.Text("b"));
        var body = ScriptedStream.Of(buffered, ScriptedStream.Ending.Hang);
        using var harness = StreamingHarness.ForBody(() => body);
        using var requestCancellation = new CancellationTokenSource();
        using var loopCancellation = new CancellationTokenSource();
        MessageStream stream = harness.Stream(cancellationToken: streamAsyncToken ? requestCancellation.Token : default);
        await using IAsyncEnumerator<MessageStreamEvent> enumerator = stream.GetAsyncEnumerator(withCancellationToken ? loopCancellation.Token : default);
        CancellationTokenSource cancelled = withCancellationToken ? loopCancellation : requestCancellation;
        for (int i = 0; i < 3; i++)
        {
            Assert.True(await enumerator.MoveNextAsync());
        }

        Task<bool> next;
        if (whileReading)
        {
            next = enumerator.MoveNextAsync().AsTask();
            await body.Hanging;
            await cancelled.CancelAsync();
        }
        else
        {
            await cancelled.CancelAsync();
            next = enumerator.MoveNextAsync().AsTask();
        }

        OperationCanceledException error = Assert.IsAssignableFrom<OperationCanceledException>(await Record.ExceptionAsync(() => next));

        Assert.Equal(cancelled.Token, error.CancellationToken);
    }

    [Fact]
    public async Task SilentServerFailsWithTheIdleTimeoutAndThePartialMessage()
    {
        var time = new FakeTimeProvider();
        var body = ScriptedStream.Of(SseBodies.CutAfter("Noch da?"), ScriptedStream.Ending.Hang);
        using var harness = StreamingHarness.ForBody(() => body, time, options => options.StreamIdleTimeout = s_idleTimeout);
        await using IAsyncEnumerator<MessageStreamEvent> enumerator = harness.Stream().GetAsyncEnumerator();
        for (int i = 0; i < 3; i++)
        {
            Assert.True(await enumerator.MoveNextAsync());
        }

        Task<bool> waiting = enumerator.MoveNextAsync().AsTask();
        await body.Hanging;
        time.Advance(s_idleTimeout - TimeSpan.FromSeconds(1));
        bool stillWaiting = !waiting.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));

        AkiTimeoutException error = await Assert.ThrowsAsync<AkiTimeoutException>(() => waiting);

        Assert.True(stillWaiting);
        Assert.Equal(s_idleTimeout, error.Timeout);
        Assert.Contains("StreamIdleTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal("Noch da?", error.PartialMessage?.Text);
        Assert.Equal(StreamingHarness.RequestId, error.RequestId);
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task ServerThatNeverAnswersFailsWithTheResponseTimeout()
    {
        var time = new FakeTimeProvider();
        var silent = new SilentServer();
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, StreamingHarness.MessagesUrl).Respond(silent);
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "test-key", MaxRetries = 0, TimeProvider = time, StreamResponseTimeout = TimeSpan.FromMinutes(1) }, mock.ToHttpClient());

        Task<Message> final = client.Messages.StreamAsync(StreamingHarness.Request()).GetFinalMessageAsync();
        await silent.Waiting;
        time.Advance(TimeSpan.FromMinutes(1));

        AkiTimeoutException error = await Assert.ThrowsAsync<AkiTimeoutException>(() => final);

        Assert.Equal(TimeSpan.FromMinutes(1), error.Timeout);
        Assert.Contains("StreamResponseTimeout", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
    }

    [Fact]
    public async Task ConsumerPausingLongerThanTheIdleTimeoutIsNoIdleServer()
    {
        // The server sent everything at once; the caller then spends longer than StreamIdleTimeout on one event
        // (running a tool, waiting for a user). The server was never idle, so the stream must carry on.
        var time = new FakeTimeProvider();
        string head = SseBodies.MessageStart() + SseBodies.TextStart() + SseBodies.Text("erst");
        string rest = SseBodies.Text(" dann") + SseBodies.BlockStop() + SseBodies.MessageDelta() + SseBodies.MessageStop();
        var body = new ScriptedStream([Sse.Utf8(head), Sse.Utf8(rest)], ScriptedStream.Ending.Eof);
        using var harness = StreamingHarness.ForBody(() => body, time, options => options.StreamIdleTimeout = s_idleTimeout);
        MessageStream stream = harness.Stream();
        int events = 0;

        await foreach (MessageStreamEvent streamEvent in stream)
        {
            if (++events == 3)
            {
                time.Advance(s_idleTimeout * 3);
            }
        }

        Assert.Equal("erst dann", (await stream.GetFinalMessageAsync()).Text);
    }

    /// <summary>A server that accepts the request and never sends response headers.</summary>
    private sealed class SilentServer : HttpMessageHandler
    {
        private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Waiting => _waiting.Task;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var cancelled = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
            {
                _waiting.TrySetResult();
                return await cancelled.Task;
            }
        }
    }
}
