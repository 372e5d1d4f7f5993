namespace Aki.Client.Tests.Streaming;

/// <summary>Forwarding a stream without keeping its content: same events, same failures, no content kept.</summary>
public class MessageStreamWithoutAccumulationTests
{
    [Fact]
    public async Task TheEventsAreTheSameAndTheContentIsNotKept()
    {
        string body = SseBodies.TextAnswer("Hal", "lo", "!");
        using var accumulating = StreamingHarness.ForBody(body);
        using var forwarding = StreamingHarness.ForBody(body);
        var expected = new List<string>();
        await foreach (MessageStreamEvent streamEvent in accumulating.Stream())
        {
            expected.Add(streamEvent.ToString()!);
        }

        MessageStream stream = forwarding.Stream();
        var forwarded = new List<string>();
        await foreach (MessageStreamEvent streamEvent in stream.WithoutAccumulation())
        {
            forwarded.Add(streamEvent.ToString()!);
        }

        Assert.Equal(expected, forwarded);
        Message current = stream.CurrentMessage;
        Assert.Empty(current.Content);
        Assert.Equal(StopReason.EndTurn, current.StopReason);
        Assert.Equal(StreamingHarness.RequestId, current.RequestId);
        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => stream.GetFinalMessageAsync());
        Assert.Contains("WithoutAccumulation", error.Message);
    }

    [Fact]
    public async Task ATruncatedStreamIsStillDetected()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.CutAfter("Hal", "lo"));
        MessageStream stream = harness.Stream();

        AkiStreamTruncatedException error = await Assert.ThrowsAsync<AkiStreamTruncatedException>(async () =>
        {
            await foreach (MessageStreamEvent unused in stream.WithoutAccumulation())
            {
            }
        });

        Assert.NotNull(error.PartialMessage);
        Assert.Empty(error.PartialMessage!.Content);
        Assert.Equal(StreamingHarness.RequestId, error.RequestId);
    }

    [Fact]
    public async Task AFallbackIsStillReported()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.MessageStart("minimax-m2.5-230b") + SseBodies.TextStart() + SseBodies.Text("x") + SseBodies.BlockStop() + SseBodies.MessageDelta() + SseBodies.MessageStop());
        MessageStream stream = harness.Stream(AkiModels.Gemma4_26B);

        await foreach (MessageStreamEvent unused in stream.WithoutAccumulation())
        {
        }

        Assert.True(stream.IsModelFallback);
    }

    [Fact]
    public async Task AStreamIsEnumeratedOnceEitherWay()
    {
        using var harness = StreamingHarness.ForBody(SseBodies.TextAnswer("x"));
        MessageStream stream = harness.Stream();
        await foreach (MessageStreamEvent unused in stream.WithoutAccumulation())
        {
        }

        Assert.Throws<InvalidOperationException>(() => stream.GetAsyncEnumerator());
        Assert.Throws<InvalidOperationException>(() => stream.WithoutAccumulation().GetAsyncEnumerator());
    }
}
