using System.Text.Json;

namespace Aki.Client.Tests.Streaming;

/// <summary>What a caller of <c>client.Messages.StreamAsync</c> sees, through MockHttp.</summary>
public class MessageStreamBehaviourTests
{
    [Fact]
    public async Task StreamSendsStreamTrueAndAsksForAnEventStream()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("Hallo"));

        await harness.Stream().GetFinalMessageAsync();

        HttpRequestMessage request = Assert.Single(harness.Requests);
        using JsonDocument body = JsonDocument.Parse(harness.RequestBodies[0]);
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
        Assert.Equal(AkiModels.Gemma4_26B, body.RootElement.GetProperty("model").GetString());
        Assert.Equal(256, body.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.Equal("text/event-stream", Assert.Single(request.Headers.Accept).MediaType);
    }

    [Fact]
    public async Task StreamSendsNothingUntilItIsEnumerated()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("Hallo"));

        MessageStream stream = harness.Stream();
        int before = harness.Requests.Count;
        await stream.GetFinalMessageAsync();

        Assert.Equal(0, before);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task TextAsyncYieldsOnlyTheTextDeltas()
    {
        using var harness = StreamingHarness.ForBody(() => new MemoryStream(StreamFixtures.Read("qwen3.6-35b.thinking.sse")));
        using var toolsHarness = StreamingHarness.ForBody(() => new MemoryStream(StreamFixtures.Read("llama3-chat-70b.parallel-tools.sse")));

        var text = new List<string>();
        await foreach (string delta in harness.Stream(AkiModels.Qwen36_35B).TextAsync())
        {
            text.Add(delta);
        }

        var toolText = new List<string>();
        await foreach (string delta in toolsHarness.Stream(AkiModels.Llama3Chat70B).TextAsync())
        {
            toolText.Add(delta);
        }

        Assert.Equal(["17 × 23 = ", "**391**"], text);
        Assert.Equal(["Ich sehe für beide Städte nach."], toolText);
    }

    [Fact]
    public async Task GetFinalMessageAsyncReadsTheWholeStreamWithoutEnumerating()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("Guten ", "Morgen", "!"));
        MessageStream stream = harness.Stream();

        Message message = await stream.GetFinalMessageAsync();

        Assert.Equal("Guten Morgen!", message.Text);
        Assert.Equal(StopReason.EndTurn, message.StopReason);
        Assert.Equal(9, message.Usage.OutputTokens);
        Assert.Equal(StreamingHarness.RequestId, message.RequestId);
        Assert.Equal(StreamingHarness.RequestId, stream.RequestId);
        Assert.Equal(message, stream.CurrentMessage);
    }

    [Fact]
    public async Task GetFinalMessageAsyncAfterEnumeratingReturnsTheAccumulatedMessage()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("Eins", "Zwei"));
        MessageStream stream = harness.Stream();
        var seen = new List<string>();
        await foreach (MessageStreamEvent streamEvent in stream)
        {
            seen.Add(stream.CurrentMessage.Text);
        }

        Message message = await stream.GetFinalMessageAsync();

        Assert.Equal(["", "", "Eins", "EinsZwei", "EinsZwei", "EinsZwei", "EinsZwei"], seen);
        Assert.Equal("EinsZwei", message.Text);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task EnumeratingAStreamTwiceThrowsInvalidOperationException()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("Hallo"));
        MessageStream stream = harness.Stream();
        await foreach (MessageStreamEvent streamEvent in stream)
        {
        }

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (MessageStreamEvent streamEvent in stream)
            {
            }
        });
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (string text in stream.TextAsync())
            {
            }
        });
        Assert.Single(harness.Requests);
    }

    [Fact]
    public void AskingForASecondEnumeratorThrowsEvenBeforeTheFirstMoves()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("Hallo"));
        MessageStream stream = harness.Stream();

        stream.GetAsyncEnumerator();

        Assert.Throws<InvalidOperationException>(() => stream.GetAsyncEnumerator());
        Assert.Empty(harness.Requests);
    }

    [Fact]
    public async Task ModelFallbackInMessageStartIsFlaggedOnTheStreamAndTheMessage()
    {
        string body = SseBodies.MessageStart(AkiModels.MiniMaxM25_230B) + SseBodies.TextStart() + SseBodies.Text("Hi") + SseBodies.BlockStop() + SseBodies.MessageDelta() + SseBodies.MessageStop();
        using var harness = StreamingHarness.ForBody(body);
        MessageStream stream = harness.Stream(AkiModels.Gemma4_26B);
        bool beforeStart = stream.IsModelFallback;

        Message message = await stream.GetFinalMessageAsync();

        Assert.False(beforeStart);
        Assert.True(stream.IsModelFallback);
        Assert.True(message.IsModelFallback);
        Assert.Equal(AkiModels.MiniMaxM25_230B, message.Model);
        Assert.Equal(AkiModels.Gemma4_26B, message.RequestedModel);
    }

    [Fact]
    public async Task DocumentedAliasInMessageStartIsNoFallback()
    {
        string body = SseBodies.MessageStart(AkiModels.Gemma4Chat26B) + SseBodies.TextStart() + SseBodies.BlockStop() + SseBodies.MessageDelta() + SseBodies.MessageStop();
        using var harness = StreamingHarness.ForBody(body);
        MessageStream stream = harness.Stream(AkiModels.Gemma4_26B);

        Message message = await stream.GetFinalMessageAsync();

        Assert.False(stream.IsModelFallback);
        Assert.False(message.IsModelFallback);
    }

    [Fact]
    public async Task EnumeratorCompletesSynchronouslyWhileBufferedEventsLast()
    {
        // The whole body arrives in the first read, then the connection stays open and silent: every event after the
        // first is already buffered, and only the call after the last one has to wait for the network.
        var body = ScriptedStream.Of(SseBodies.TextAnswer("a", "b", "c", "d"), ScriptedStream.Ending.Hang);
        using var harness = StreamingHarness.ForBody(() => body);
        using var cancellation = new CancellationTokenSource();
        await using IAsyncEnumerator<MessageStreamEvent> enumerator = harness.Stream().GetAsyncEnumerator(cancellation.Token);
        Assert.True(await enumerator.MoveNextAsync());

        var buffered = new List<bool>();
        for (int i = 0; i < 8; i++)
        {
            ValueTask<bool> next = enumerator.MoveNextAsync();
            buffered.Add(next.IsCompleted);
            Assert.True(await next);
        }

        ValueTask<bool> waiting = enumerator.MoveNextAsync();
        bool waitedForTheNetwork = !waiting.IsCompleted;
        await body.Hanging;
        await cancellation.CancelAsync();

        Assert.All(buffered, Assert.True);
        Assert.True(waitedForTheNetwork);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
    }

    [Fact]
    public async Task PingsAndUnknownEventsAreYieldedAndChangeNothing()
    {
        string body = SseBodies.MessageStart() + SseBodies.Ping() + SseBodies.TextStart() + SseBodies.Text("a") + SseBodies.Ping()
            + SseBodies.Event("aki_queue_status", "{\"type\":\"aki_queue_status\",\"position\":2}") + SseBodies.Event("aki_debug", "kein JSON")
            + SseBodies.Text("b") + SseBodies.BlockStop() + SseBodies.MessageDelta() + SseBodies.MessageStop();
        using var harness = StreamingHarness.ForBody(body);
        MessageStream stream = harness.Stream();
        var events = new List<MessageStreamEvent>();
        await foreach (MessageStreamEvent streamEvent in stream)
        {
            events.Add(streamEvent);
        }

        Message message = await stream.GetFinalMessageAsync();

        Assert.Equal(2, events.OfType<PingEvent>().Count());
        UnknownStreamEvent[] unknown = events.OfType<UnknownStreamEvent>().ToArray();
        Assert.Equal(["aki_queue_status", "aki_debug"], unknown.Select(e => e.Type));
        Assert.Equal(2, unknown[0].Data.GetProperty("position").GetInt32());
        Assert.Equal(JsonValueKind.Undefined, unknown[1].Data.ValueKind);
        Assert.Equal("ab", message.Text);
    }

    [Fact]
    public async Task FramesNamedMessageOrUnnamedAreDispatchedByTheirDataType()
    {
        // SseParser-based servers and proxies label every frame "message", the WHATWG default; others send no name.
        string body = SseBodies.TextAnswer("Hallo", " Welt").Replace("event: content_block_delta\n", "event: message\n", StringComparison.Ordinal)
            .Replace("event: message_start\n", string.Empty, StringComparison.Ordinal);
        using var harness = StreamingHarness.ForBody(body);
        MessageStream stream = harness.Stream();
        var types = new List<string>();
        await foreach (MessageStreamEvent streamEvent in stream)
        {
            types.Add(streamEvent.Type);
        }

        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], types);
        Assert.Equal("Hallo Welt", (await stream.GetFinalMessageAsync()).Text);
    }

    [Fact]
    public async Task DoneMarkerIsSkipped()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("fertig") + "data: [DONE]\n\n");
        MessageStream stream = harness.Stream();
        var types = new List<string>();
        await foreach (MessageStreamEvent streamEvent in stream)
        {
            types.Add(streamEvent.Type);
        }

        Assert.Equal("message_stop", types[^1]);
        Assert.Equal(6, types.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public async Task BodyEndingWithoutItsFinalBlankLineStillCompletes(string ending)
    {
        // Strict WHATWG would drop the pending message_stop and the stream would fail as truncated.
        string body = SseBodies.TextAnswer("fertig").TrimEnd('\n') + ending;
        using var harness = StreamingHarness.ForBody(body);

        Message message = await harness.Stream().GetFinalMessageAsync();

        Assert.Equal("fertig", message.Text);
    }
}
