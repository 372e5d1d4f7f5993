using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using static Aki.Client.Tests.ReplyScript;

namespace Aki.Client.Tests.Diagnostics;

/// <summary>A stream's span lives from its first read to wherever reading ends, and its metrics are recorded then.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class StreamTelemetryTests
{
    [Fact]
    public async Task AStreamsSpanStartsWhenReadingStartsAndStopsWhenTheStreamCompletes()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.Reply((_, _) =>
        {
            capture.Time.Advance(TimeSpan.FromSeconds(0.75));
            return Task.FromResult(MockAki.Response(HttpStatusCode.OK, TestStreams.Complete("Hello!"), "text/event-stream", ("request-id", "req_stream")));
        });
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        MessageStream stream = client.Messages.StreamAsync(TestRequests.Hello());
        Assert.Empty(capture.StartedCalls);
        await using IAsyncEnumerator<MessageStreamEvent> events = stream.GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        Assert.Single(capture.StartedCalls);
        Assert.Empty(capture.Calls);
        while (await events.MoveNextAsync())
        {
        }

        Activity span = capture.SingleCall;
        Assert.Equal("chat gemma4-26b", span.DisplayName);
        Assert.Equal(true, span.Tag("gen_ai.request.stream"));
        Assert.Equal("[\"end_turn\"]", span.Tag("gen_ai.response.finish_reasons"));
        Assert.Equal("msg_1", span.Tag("gen_ai.response.id"));
        Assert.Equal(12, span.Tag("gen_ai.usage.input_tokens"));
        Assert.Equal(5, span.Tag("gen_ai.usage.output_tokens"));
        Assert.Equal("req_stream", span.Tag("aki.request.id"));
        Assert.Equal(1, span.Tag("aki.request.attempts"));
        Assert.Equal(0.75, span.Tag("gen_ai.response.time_to_first_chunk"));
        span.HasNoTag("aki.stream.abandoned");
        Assert.Equal(ActivityStatusCode.Unset, span.Status);

        Assert.Equal(0.75, Assert.Single(capture.Of(capture.FirstChunk)).Value);
        Assert.Equal(0.75, Assert.Single(capture.Of(capture.Durations)).Value);
        Assert.Equal(5, Assert.Single(capture.Of(capture.Tokens), t => Equals(t.Tags["gen_ai.token.type"], "output")).Value);
    }

    [Fact]
    public async Task AStreamBrokenOffByTheCallerEndsItsSpanAsAbandonedWithoutAnError()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.ReplyRaw(HttpStatusCode.OK, TestStreams.Complete("Hello!"), "text/event-stream", ("request-id", "req_left"));
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        await foreach (MessageStreamEvent streamEvent in client.Messages.StreamAsync(TestRequests.Hello()))
        {
            if (streamEvent is ContentBlockDeltaEvent)
            {
                break;
            }
        }

        Activity span = capture.SingleCall;
        Assert.Equal(true, span.Tag("aki.stream.abandoned"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(AkiModels.Gemma4_26B, span.Tag("gen_ai.response.model"));
        Assert.Equal("req_left", span.Tag("aki.request.id"));
        span.HasNoTag("gen_ai.response.finish_reasons");
        span.HasNoTag("error.type");
        Assert.False(Assert.Single(capture.Of(capture.Durations)).Tags.ContainsKey("error.type"));

        var log = Assert.Single(capture.LogRecords, r => r.Id.Id == 3002);
        Assert.Equal("StreamAbandoned", log.Id.Name);
        Assert.Equal(LogLevel.Debug, log.Level);
        Assert.Equal("3", log.GetStructuredStateValue("Events"));
    }

    [Fact]
    public async Task AStreamDisposedUnreadSendsNothingAndRecordsNothing()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        MessageStream stream = client.Messages.StreamAsync(TestRequests.Hello());
        await stream.DisposeAsync();

        Assert.Empty(mock.Requests);
        Assert.Empty(capture.StartedCalls);
        Assert.Empty(capture.Of(capture.Durations));
    }

    [Fact]
    public async Task AStreamThatBreaksEndsItsSpanWithTheTruncationTheUsageSoFarAndAWarning()
    {
        using var capture = new TelemetryCapture();
        using var script = new ReplyScript(EventStream(() => ScriptedBodyStream.ThenBreak(TestStreams.Start("The answer starts")), ("request-id", "req_broken")));
        using var client = new AkiClient(capture.Options(), script.Handler.ToHttpClient());

        await Assert.ThrowsAsync<AkiStreamTruncatedException>(() => client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync());

        Activity span = capture.SingleCall;
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("Aki.Client.AkiStreamTruncatedException", span.Tag("error.type"));
        Assert.Equal("req_broken", span.Tag("aki.request.id"));
        Assert.Equal(12, span.Tag("gen_ai.usage.input_tokens"));
        Assert.Equal("Aki.Client.AkiStreamTruncatedException", Assert.Single(capture.Of(capture.Durations)).Tags["error.type"]);

        var warning = Assert.Single(capture.LogRecords, r => r.Level == LogLevel.Warning);
        Assert.Equal(3001, warning.Id.Id);
        Assert.Equal("StreamFailed", warning.Id.Name);
        Assert.Equal("req_broken", warning.GetStructuredStateValue("RequestId"));
        Assert.Equal("AkiStreamTruncatedException", warning.GetStructuredStateValue("ErrorType"));
    }

    [Fact]
    public async Task AnErrorEventMidStreamFailsTheSpanWithTheApiErrorType()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.ReplyRaw(HttpStatusCode.OK, TestStreams.Start() + TestStreams.ErrorEvent, "text/event-stream");
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        AkiException error = await Assert.ThrowsAnyAsync<AkiException>(() => client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync());

        Activity span = capture.SingleCall;
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(error.GetType().FullName, span.Tag("error.type"));
        Assert.Single(capture.LogRecords, r => r.Id.Id == 3001);
    }

    [Fact]
    public async Task AMalformedEventsDataStaysOutOfTheSpanAndTheLogWithoutTheOptIn()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        const string Malformed = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":private words}}\n\n";
        mock.ReplyRaw(HttpStatusCode.OK, TestStreams.Start() + Malformed, "text/event-stream");
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        var error = await Assert.ThrowsAsync<AkiUnexpectedResponseException>(() => client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync());

        Assert.Contains("private words", error.Message, StringComparison.Ordinal);
        Activity span = capture.SingleCall;
        Assert.Equal("Aki.Client.AkiUnexpectedResponseException", span.Tag("error.type"));
        Assert.DoesNotContain("private words", span.StatusDescription, StringComparison.Ordinal);
        Assert.All(capture.LogRecords, r => Assert.DoesNotContain("private words", r.Message, StringComparison.Ordinal));
        Assert.Single(capture.LogRecords, r => r.Id.Id == 3001);
    }

    [Fact]
    public async Task AStreamThatFailsBeforeItStartsIsAFailedSpanButNotAStreamFault()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.Unauthorized, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""");
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        await Assert.ThrowsAsync<AkiAuthenticationException>(() => client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync());

        Assert.Equal("Aki.Client.AkiAuthenticationException", capture.SingleCall.Tag("error.type"));
        Assert.DoesNotContain(capture.LogRecords, r => r.Id.Id == 3001);
    }

    [Fact]
    public async Task AStreamCancelledByTheCallerEndsItsSpanAndLogsTheCancellationAtDebug()
    {
        using var capture = new TelemetryCapture();
        using var script = new ReplyScript(EventStream(() => ScriptedBodyStream.ThenStall(TestStreams.Start("Before the silence"))));
        using var client = new AkiClient(capture.Options(), script.Handler.ToHttpClient());
        using var cancel = new CancellationTokenSource();

        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (MessageStreamEvent _ in client.Messages.StreamAsync(TestRequests.Hello(), cancel.Token))
            {
                if (++seen == 3)
                {
                    cancel.Cancel();
                }
            }
        });

        Activity span = capture.SingleCall;
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.EndsWith("CanceledException", (string)span.Tag("error.type")!, StringComparison.Ordinal);
        Assert.Equal(AkiModels.Gemma4_26B, span.Tag("gen_ai.response.model"));
        Assert.Single(capture.LogRecords, r => r.Id.Id == 3003 && r.Level == LogLevel.Debug);
        Assert.DoesNotContain(capture.LogRecords, r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task AStreamFallbackIsFlaggedAndCounted()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.ReplyRaw(HttpStatusCode.OK, TestStreams.Complete("Hello!"), "text/event-stream");
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        MessageStream stream = client.Messages.StreamAsync(TestRequests.Hello(AkiModels.Llama3Chat70B));
        await stream.GetFinalMessageAsync();

        Assert.True(stream.IsModelFallback);
        Assert.Equal(true, capture.SingleCall.Tag("aki.response.model_fallback"));
        var fallback = Assert.Single(capture.Of(capture.Fallbacks));
        Assert.Equal(AkiModels.Llama3Chat70B, fallback.Tags["gen_ai.request.model"]);
        Assert.Equal(AkiModels.Gemma4_26B, fallback.Tags["gen_ai.response.model"]);
    }

    [Fact]
    public async Task StreamsFromGivenEventsRecordNothing()
    {
        using var capture = new TelemetryCapture();
        MessageStream stream = MessageStream.FromEvents(Events(), AkiModels.Gemma4_26B);

        // A ping alone ends before message_stop: the stream fails as truncated, and still nothing is recorded.
        await Assert.ThrowsAsync<AkiStreamTruncatedException>(() => stream.GetFinalMessageAsync());

        Assert.Empty(capture.StartedCalls);
        Assert.Empty(capture.LogRecords);

        static async IAsyncEnumerable<MessageStreamEvent> Events()
        {
            await Task.Yield();
            yield return new PingEvent();
        }
    }
}
