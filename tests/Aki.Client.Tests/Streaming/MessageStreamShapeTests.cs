using System.Net;
namespace Aki.Client.Tests.Streaming;

/// <summary>
/// What the public shape of <see cref="MessageStream"/> promises: it is enumerable, never its own enumerator, and every
/// token the caller gave is honoured before anything is sent.
/// </summary>
public class MessageStreamShapeTests
{
    [Fact]
    public void AStreamIsEnumerableButNotItsOwnEnumerator()
    {
        Assert.True(typeof(IAsyncEnumerable<MessageStreamEvent>).IsAssignableFrom(typeof(MessageStream)));
        Assert.False(typeof(IAsyncEnumerator<MessageStreamEvent>).IsAssignableFrom(typeof(MessageStream)));
        Assert.Null(typeof(MessageStream).GetMethod("MoveNextAsync"));
    }

    [Fact]
    public async Task AStreamWhoseRequestTokenIsAlreadyCancelledSendsNothing()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("never"));
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        MessageStream stream = harness.Stream(cancellationToken: cancellation.Token);
        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (MessageStreamEvent unused in stream)
            {
            }
        });

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Empty(harness.Requests);
    }

    [Fact]
    public async Task AStreamWhoseEnumeratorTokenIsAlreadyCancelledSendsNothing()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("never"));
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await using IAsyncEnumerator<MessageStreamEvent> enumerator = harness.Stream().GetAsyncEnumerator(cancellation.Token);
        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await enumerator.MoveNextAsync());

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Empty(harness.Requests);
    }

    [Fact]
    public async Task GetFinalMessageWithAnAlreadyCancelledTokenSendsNothing()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("never"));
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Stream().GetFinalMessageAsync(cancellation.Token));

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Empty(harness.Requests);
    }

    [Fact]
    public async Task CreateWithAnAlreadyCancelledTokenSendsNothing()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Messages.CreateAsync(TestRequests.Hello(), cancellation.Token));

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Empty(mock.Requests);
    }

    [Fact]
    public async Task DisposingAStreamLeftPartWayReleasesTheResponse()
    {
        var body = ScriptedStream.Of(SseBodies.MessageStart() + SseBodies.TextStart() + SseBodies.Text("Hal"), ScriptedStream.Ending.Hang);
        using var harness = StreamingHarness.ForBody(() => body);
        MessageStream stream = harness.Stream();

        IAsyncEnumerator<MessageStreamEvent> enumerator = stream.GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync());
        await stream.DisposeAsync();

        Assert.True(body.IsDisposed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => stream.GetFinalMessageAsync());
    }

    [Fact]
    public async Task DisposingAStreamNeverReadSendsNothingAndLeavesNoFinalMessage()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("never"));
        MessageStream stream = harness.Stream();

        await stream.DisposeAsync();

        Assert.Empty(harness.Requests);
        Assert.Throws<InvalidOperationException>(() => stream.GetAsyncEnumerator());
    }

    [Fact]
    public async Task AnErrorStatusKeepsItsRequestIdAndAttemptsThroughTheStream()
    {
        using var harness = new StreamingHarness(() => MockAki.Json(HttpStatusCode.BadRequest, """{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens too large"}}""", ("request-id", "req_bad")));

        AkiBadRequestException error = await Assert.ThrowsAsync<AkiBadRequestException>(() => harness.Stream().GetFinalMessageAsync());

        Assert.Equal("req_bad", error.RequestId);
        Assert.Equal(1, error.Attempts);
        Assert.Null(error.PartialMessage);
    }
}
