using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Aki.Client.Tests.Streaming;

/// <summary>How a stream fails: error events, early ends, broken connections, error statuses, wrong content types.</summary>
public class MessageStreamErrorTests
{
    [Fact]
    public async Task MidStreamErrorEventThrowsAnApiExceptionWithStatus200AndThePartialMessage()
    {
        string body = SseBodies.CutAfter("Teil", "weise") + SseBodies.Event("error", "{\"type\":\"error\",\"error\":{\"type\":\"internal_error\",\"message\":\"Internal Server Error\"}}")
            + SseBodies.Text("nie gelesen") + SseBodies.MessageStop();
        using var harness = StreamingHarness.ForBody(body);
        MessageStream stream = harness.Stream();
        var events = new List<MessageStreamEvent>();

        AkiApiException error = await Assert.ThrowsAsync<AkiApiException>(async () =>
        {
            await foreach (MessageStreamEvent streamEvent in stream)
            {
                events.Add(streamEvent);
            }
        });

        Assert.Equal(4, events.Count);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal("internal_error", error.ErrorType?.Value);
        Assert.Equal("Internal Server Error", error.ServerMessage);
        Assert.Equal(StreamingHarness.RequestId, error.RequestId);
        Assert.Equal("Teilweise", error.PartialMessage?.Text);
        Assert.Contains("internal_error", error.Message, StringComparison.Ordinal);
        Assert.Contains(StreamingHarness.RequestId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeltaLackingAMemberItsTypeRequiresIsATypedErrorWithThePartialMessage()
    {
        // An input_json_delta with no partial_json: the record refuses the null, which must not leak as an ArgumentException.
        string body = SseBodies.CutAfter("Hallo") + SseBodies.Event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"text\":\"{}\"}}");
        using var harness = StreamingHarness.ForBody(body);

        AkiUnexpectedResponseException error = await Assert.ThrowsAsync<AkiUnexpectedResponseException>(() => harness.Stream().GetFinalMessageAsync());

        Assert.Equal(StreamingHarness.RequestId, error.RequestId);
        Assert.Equal("Hallo", error.PartialMessage?.Text);
        Assert.Contains("input_json_delta", error.BodyExcerpt, StringComparison.Ordinal);
        Assert.Contains("lacks a member", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverloadedErrorEventThrowsARateLimitExceptionWithStatus200()
    {
        string body = SseBodies.CutAfter("Hallo") + SseBodies.Event("error", "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}");
        using var harness = StreamingHarness.ForBody(body);

        AkiRateLimitException error = await Assert.ThrowsAsync<AkiRateLimitException>(() => harness.Stream().GetFinalMessageAsync());

        Assert.Equal(200, error.StatusCode);
        Assert.Equal(ApiErrorType.Overloaded, error.ErrorType);
        Assert.Equal(StreamingHarness.RequestId, error.RequestId);
        Assert.Equal("Hallo", error.PartialMessage?.Text);
    }

    [Fact]
    public async Task ErrorEventWithDataThatIsNotJsonThrowsAnApiExceptionWithoutErrorType()
    {
        string body = SseBodies.CutAfter("Hallo") + "event: error\ndata: ThrottlingException\n\n";
        using var harness = StreamingHarness.ForBody(body);

        AkiApiException error = await Assert.ThrowsAsync<AkiApiException>(() => harness.Stream().GetFinalMessageAsync());

        Assert.IsNotType<AkiRateLimitException>(error);
        Assert.Equal(200, error.StatusCode);
        Assert.Null(error.ErrorType);
        Assert.Equal("ThrottlingException", error.RawBody);
        Assert.Contains("ThrottlingException", error.Message, StringComparison.Ordinal);
        Assert.Equal(StreamingHarness.RequestId, error.RequestId);
        Assert.Equal("Hallo", error.PartialMessage?.Text);
    }

    [Fact]
    public async Task ErrorEventBeforeMessageStartThrowsWithoutPartialMessage()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.Event("error", "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}"));

        AkiApiException error = await Assert.ThrowsAsync<AkiApiException>(() => harness.Stream().GetFinalMessageAsync());

        Assert.Equal("api_error", error.ErrorType?.Value);
        Assert.Null(error.PartialMessage);
    }

    [Fact]
    public async Task EndOfBodyWithoutMessageStopThrowsTruncatedWithThePartialMessage()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.CutAfter("Halb", "fertig"));
        MessageStream stream = harness.Stream();
        int events = 0;

        AkiStreamTruncatedException error = await Assert.ThrowsAsync<AkiStreamTruncatedException>(async () =>
        {
            await foreach (MessageStreamEvent streamEvent in stream)
            {
                events++;
            }
        });

        Assert.Equal(4, events);
        Assert.Null(error.InnerException);
        Assert.Equal("Halbfertig", error.PartialMessage?.Text);
        Assert.Null(error.PartialMessage?.StopReason);
        Assert.Equal(StreamingHarness.RequestId, error.RequestId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => stream.GetFinalMessageAsync());
    }

    [Fact]
    public async Task EmptyBodyThrowsTruncatedWithoutPartialMessage()
    {
        using var harness = StreamingHarness.ForBody(string.Empty);

        AkiStreamTruncatedException error = await Assert.ThrowsAsync<AkiStreamTruncatedException>(() => harness.Stream().GetFinalMessageAsync());

        Assert.Null(error.PartialMessage);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(150)]
    [InlineData(400)]
    public async Task ConnectionBrokenMidBodyThrowsTruncatedWithTheIOException(int brokenAfter)
    {
        byte[] body = Sse.Utf8(SseBodies.TextAnswer("Das ", "bricht ", "ab."));
        ScriptedStream? responseBody = null;
        using var harness = StreamingHarness.ForBody(() => responseBody = ScriptedStream.BreakingAfter(body, brokenAfter));
        MessageStream stream = harness.Stream();

        AkiStreamTruncatedException error = await Assert.ThrowsAsync<AkiStreamTruncatedException>(() => stream.GetFinalMessageAsync());

        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(StreamingHarness.RequestId, error.RequestId);
        Assert.Equal(brokenAfter >= Sse.Utf8(SseBodies.MessageStart()).Length, error.PartialMessage is not null);
        Assert.True(responseBody!.IsDisposed);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task RateLimitStatusBeforeTheStreamThrowsAsNonStreamingDoes()
    {
        static HttpResponseMessage TooManyRequests()
        {
            var response = new HttpResponseMessage((HttpStatusCode)429)
            {
                Content = new StringContent("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}", Encoding.UTF8, "application/json"),
            };
            response.Headers.TryAddWithoutValidation("request-id", "req_429");
            response.Headers.TryAddWithoutValidation("retry-after", "7");
            return response;
        }

        using var harness = new StreamingHarness(TooManyRequests);

        AkiRateLimitException streamed = await Assert.ThrowsAsync<AkiRateLimitException>(() => harness.Stream().GetFinalMessageAsync());
        AkiRateLimitException created = await Assert.ThrowsAsync<AkiRateLimitException>(() => harness.Client.Messages.CreateAsync(StreamingHarness.Request()));

        Assert.Equal(429, streamed.StatusCode);
        Assert.Equal(ApiErrorType.RateLimit, streamed.ErrorType);
        Assert.Equal(TimeSpan.FromSeconds(7), streamed.RetryAfter);
        Assert.Equal("req_429", streamed.RequestId);
        Assert.Null(streamed.PartialMessage);
        Assert.Equal(
            (created.StatusCode, created.ErrorType, created.ServerMessage, created.RetryAfter, created.RequestId, created.RawBody, created.Message),
            (streamed.StatusCode, streamed.ErrorType, streamed.ServerMessage, streamed.RetryAfter, streamed.RequestId, streamed.RawBody, streamed.Message));
    }

    [Fact]
    public async Task JsonContentTypeOnA200ThrowsUnexpectedResponse()
    {
        var responseBody = ScriptedStream.Of("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}");
        using var harness = new StreamingHarness(() => StreamingHarness.SseResponse(responseBody, contentType: "application/json"));

        AkiUnexpectedResponseException error = await Assert.ThrowsAsync<AkiUnexpectedResponseException>(() => harness.Stream().GetFinalMessageAsync());

        Assert.Equal(200, error.StatusCode);
        Assert.StartsWith("application/json", error.ContentType, StringComparison.Ordinal);
        Assert.Contains("msg_1", error.BodyExcerpt, StringComparison.Ordinal);
        Assert.Contains("text/event-stream", error.Message, StringComparison.Ordinal);
        Assert.Equal(StreamingHarness.RequestId, error.RequestId);
        Assert.True(responseBody.IsDisposed);
    }

    [Fact]
    public async Task EventWhoseDataIsNotJsonOfItsTypeThrowsUnexpectedResponseWithThePartialMessage()
    {
        string body = SseBodies.CutAfter("Hallo") + SseBodies.Event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":");
        using var harness = StreamingHarness.ForBody(body);

        AkiUnexpectedResponseException error = await Assert.ThrowsAsync<AkiUnexpectedResponseException>(() => harness.Stream().GetFinalMessageAsync());

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("content_block_stop", error.BodyExcerpt, StringComparison.Ordinal);
        Assert.Equal("Hallo", error.PartialMessage?.Text);
        Assert.Equal(StreamingHarness.RequestId, error.RequestId);
    }

    [Fact]
    public async Task MissingContentTypeIsReadAsAnEventStream()
    {
        using var harness = new StreamingHarness(() =>
        {
            HttpResponseMessage response = StreamingHarness.SseResponse(ScriptedStream.Of(SseBodies.TextAnswer("ok")));
            response.Content.Headers.ContentType = null;
            return response;
        });

        Message message = await harness.Stream().GetFinalMessageAsync();

        Assert.Equal("ok", message.Text);
    }

    [Fact]
    public async Task ContentTypeParametersAndCaseDoNotMatter()
    {
        using var harness = new StreamingHarness(() =>
        {
            HttpResponseMessage response = StreamingHarness.SseResponse(ScriptedStream.Of(SseBodies.TextAnswer("ok")));
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("Text/Event-Stream; charset=UTF-8");
            return response;
        });

        Message message = await harness.Stream().GetFinalMessageAsync();

        Assert.Equal("ok", message.Text);
    }

    [Theory]
    [InlineData("message_start", "{\"type\":\"message_start\"}")]
    [InlineData("content_block_start", "{\"type\":\"content_block_start\",\"index\":1}")]
    [InlineData("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0}")]
    [InlineData("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":null}")]
    public async Task EventWithoutWhatItCarriesThrowsUnexpectedResponseNotANullReference(string name, string data)
    {
        string body = (name == "message_start" ? string.Empty : SseBodies.MessageStart() + SseBodies.TextStart())
            + SseBodies.Event(name, data) + SseBodies.BlockStop() + SseBodies.MessageDelta() + SseBodies.MessageStop();
        using var harness = StreamingHarness.ForBody(body);
        var events = new List<MessageStreamEvent>();

        Exception? error = await Record.ExceptionAsync(async () =>
        {
            await foreach (MessageStreamEvent streamEvent in harness.Stream())
            {
                events.Add(streamEvent);
            }
        });

        AkiUnexpectedResponseException unexpected = Assert.IsType<AkiUnexpectedResponseException>(error);
        Assert.Contains(name, unexpected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.Type == name && e is not ContentBlockStartEvent { Index: 0 });
    }

    [Fact]
    public async Task MessageDeltaWithOnlyUsageStillCountsItsUsage()
    {
        string body = SseBodies.MessageStart() + SseBodies.TextStart() + SseBodies.Text("ok") + SseBodies.BlockStop()
            + SseBodies.Event("message_delta", "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":5}}")
            + SseBodies.MessageDelta(outputTokens: 6) + SseBodies.MessageStop();
        using var harness = StreamingHarness.ForBody(body);
        MessageStream stream = harness.Stream();
        var deltas = new List<MessageDeltaEvent>();
        await foreach (MessageStreamEvent streamEvent in stream)
        {
            if (streamEvent is MessageDeltaEvent delta)
            {
                deltas.Add(delta);
            }
        }

        Message message = await stream.GetFinalMessageAsync();

        Assert.NotNull(deltas[0].Delta);
        Assert.Null(deltas[0].Delta.StopReason);
        Assert.Equal(5, deltas[0].Usage?.OutputTokens);
        Assert.Equal(6, message.Usage.OutputTokens);
        Assert.Equal(StopReason.EndTurn, message.StopReason);
    }
}
