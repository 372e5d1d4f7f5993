namespace Aki.Client.Tests.Streaming;

/// <summary><see cref="MessageStream.FromEvents"/>: a stream double for code that takes a MessageStream.</summary>
public class MessageStreamFromEventsTests
{
    private static async IAsyncEnumerable<MessageStreamEvent> Events(bool complete, string model = AkiModels.Gemma4_26B)
    {
        yield return new MessageStartEvent(new Message { Id = "msg_fake", Model = model });
        await Task.Yield();
        yield return new ContentBlockStartEvent(0, new TextBlock(string.Empty));
        yield return new ContentBlockDeltaEvent(0, new TextDelta("Hello"));
        yield return new ContentBlockDeltaEvent(0, new TextDelta(", world"));
        if (complete)
        {
            yield return new ContentBlockStopEvent(0);
            yield return new MessageDeltaEvent(new MessageDelta { StopReason = StopReason.EndTurn });
            yield return new MessageStopEvent();
        }
    }

    private sealed class FakeMessages(Func<MessageStream> stream) : MessagesClient
    {
        public override MessageStream StreamAsync(MessageRequest request, CancellationToken cancellationToken = default) => stream();
    }

    [Fact]
    public async Task AFakedStreamYieldsTextAndTheAccumulatedMessage()
    {
        MessagesClient messages = new FakeMessages(() => MessageStream.FromEvents(Events(complete: true), AkiModels.Gemma4_26B, "req_fake"));
        MessageStream stream = messages.StreamAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] });

        var text = new List<string>();
        await foreach (string delta in stream.TextAsync())
        {
            text.Add(delta);
        }

        Message final = await stream.GetFinalMessageAsync();
        Assert.Equal(["Hello", ", world"], text);
        Assert.Equal("Hello, world", final.Text);
        Assert.Equal(StopReason.EndTurn, final.StopReason);
        Assert.Equal("req_fake", final.RequestId);
        Assert.False(stream.IsModelFallback);
    }

    [Fact]
    public async Task EventsThatEndBeforeMessageStopAreATruncatedStream()
    {
        MessageStream stream = MessageStream.FromEvents(Events(complete: false));

        AkiStreamTruncatedException error = await Assert.ThrowsAsync<AkiStreamTruncatedException>(() => stream.GetFinalMessageAsync());

        Assert.Equal("Hello, world", error.PartialMessage?.Text);
    }

    [Fact]
    public async Task AFakedFallbackIsReportedAgainstTheRequestedModel()
    {
        MessageStream stream = MessageStream.FromEvents(Events(complete: true, model: AkiModels.MiniMaxM25_230B), AkiModels.Gemma4_26B);

        Message final = await stream.GetFinalMessageAsync();

        Assert.True(stream.IsModelFallback);
        Assert.True(final.IsModelFallback);
    }

    [Fact]
    public async Task AFakedStreamCanBeEnumeratedOnce()
    {
        MessageStream stream = MessageStream.FromEvents(Events(complete: true));
        await foreach (MessageStreamEvent _ in stream)
        {
        }

        Assert.Throws<InvalidOperationException>(() => stream.GetAsyncEnumerator());
    }
}
