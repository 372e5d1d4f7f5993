using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using static Aki.Client.Tests.ReplyScript;

namespace Aki.Client.Tests.Http;

/// <summary>Streams are retried only until the response headers arrive; once the body has started, never.</summary>
public class StreamRetryTests
{
    private const string Overloaded = """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""";

    [Fact]
    public async Task A529BeforeTheStreamStartsIsRetried()
    {
        using var script = new ReplyScript(Status(529, Overloaded), EventStream(TestStreams.Complete("streamed after a retry"), ("request-id", "req_stream")));
        using AkiClient client = CreateClient(script);
        MessageStream stream = client.Messages.StreamAsync(TestRequests.Hello());

        Message message = await stream.GetFinalMessageAsync();

        Assert.Equal("streamed after a retry", message.Text);
        Assert.Equal("req_stream", stream.RequestId);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task AConnectionFailureBeforeTheStreamStartsIsRetried()
    {
        using var script = new ReplyScript(ConnectionFailure(), EventStream(TestStreams.Complete("reconnected")));
        using AkiClient client = CreateClient(script);

        Message message = await client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync();

        Assert.Equal("reconnected", message.Text);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task StreamThatNeverStartsThrowsTheLastErrorWithTheAttemptsAndNoPartialMessage()
    {
        using var script = new ReplyScript(
            Status(529, Overloaded, ("request-id", "req_a")),
            Status(529, Overloaded, ("request-id", "req_b")),
            Status(529, Overloaded, ("request-id", "req_c")));
        using AkiClient client = CreateClient(script);

        AkiRateLimitException e = await Assert.ThrowsAsync<AkiRateLimitException>(() => ReadAllAsync(client.Messages.StreamAsync(TestRequests.Hello()), []));

        Assert.Equal(3, e.Attempts);
        Assert.Equal("req_c", e.RequestId);
        Assert.Null(e.PartialMessage);
        Assert.Equal(3, script.Count);
    }

    [Fact]
    public async Task ConnectionBrokenAfterSomeEventsIsNotReplayedAndKeepsThePartialMessage()
    {
        using var script = new ReplyScript(
            EventStream(() => ScriptedBodyStream.ThenBreak(TestStreams.Start("The answer starts")), ("request-id", "req_broken")),
            EventStream(TestStreams.Complete("a replay that must not happen")));
        using AkiClient client = CreateClient(script);
        var seen = new List<MessageStreamEvent>();

        AkiStreamTruncatedException e = await Assert.ThrowsAsync<AkiStreamTruncatedException>(() => ReadAllAsync(client.Messages.StreamAsync(TestRequests.Hello()), seen));

        Assert.Equal(1, script.Count);
        Assert.Equal(3, seen.Count);
        Assert.NotNull(e.PartialMessage);
        Assert.Equal("The answer starts", e.PartialMessage!.Text);
        Assert.Equal("req_broken", e.RequestId);
        Assert.Equal(1, e.Attempts);
        Assert.IsAssignableFrom<System.IO.IOException>(e.InnerException);
        Assert.Contains("not replayed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorEventAfterSomeEventsIsNotReplayedAndKeepsThePartialMessage()
    {
        using var script = new ReplyScript(
            EventStream(TestStreams.Start("Half an answer") + TestStreams.ErrorEvent, ("request-id", "req_midstream")),
            EventStream(TestStreams.Complete("a replay that must not happen")));
        using AkiClient client = CreateClient(script);
        var seen = new List<MessageStreamEvent>();

        AkiApiException e = await Assert.ThrowsAnyAsync<AkiApiException>(() => ReadAllAsync(client.Messages.StreamAsync(TestRequests.Hello()), seen));

        Assert.Equal(1, script.Count);
        Assert.Equal(3, seen.Count);
        Assert.Equal(200, e.StatusCode);
        Assert.Equal(ApiErrorType.Overloaded, e.ErrorType);
        Assert.Equal("Half an answer", e.PartialMessage?.Text);
        Assert.Equal("req_midstream", e.RequestId);
        Assert.Equal(1, e.Attempts);
    }

    [Fact]
    public async Task StreamEndingWithoutMessageStopIsNotReplayed()
    {
        using var script = new ReplyScript(EventStream(TestStreams.Start("Cut")), EventStream(TestStreams.Complete("a replay that must not happen")));
        using AkiClient client = CreateClient(script);

        AkiStreamTruncatedException e = await Assert.ThrowsAsync<AkiStreamTruncatedException>(() => client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync());

        Assert.Equal("Cut", e.PartialMessage?.Text);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task StreamRetriesBeforeTheFirstByteThenFailsMidBodyWithoutAnotherAttempt()
    {
        using var script = new ReplyScript(
            Status(503, Overloaded),
            EventStream(() => ScriptedBodyStream.ThenBreak(TestStreams.Start("Second attempt, broken"))),
            EventStream(TestStreams.Complete("a replay that must not happen")));
        using AkiClient client = CreateClient(script);

        AkiStreamTruncatedException e = await Assert.ThrowsAsync<AkiStreamTruncatedException>(() => ReadAllAsync(client.Messages.StreamAsync(TestRequests.Hello()), []));

        Assert.Equal("Second attempt, broken", e.PartialMessage?.Text);
        Assert.Equal(2, e.Attempts);
        Assert.Equal(2, script.Count);
    }

    private static AkiClient CreateClient(ReplyScript script) =>
        script.CreateClient(o =>
        {
            o.MaxRetries = 2;
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
