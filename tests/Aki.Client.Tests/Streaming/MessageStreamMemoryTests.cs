namespace Aki.Client.Tests.Streaming;

/// <summary>Memory stays flat however long the stream: nothing keeps the body, each event costs a bounded amount.</summary>
public class MessageStreamMemoryTests
{
    private const int Deltas = 50_000;

    [Fact]
    public async Task LongStreamAllocatesABoundedAmountPerEventAndNeverTheWholeBody()
    {
        var body = new GeneratedEventStream(Deltas);
        using var harness = StreamingHarness.ForBody(() => body);
        MessageStream stream = harness.Stream();
        await using IAsyncEnumerator<MessageStreamEvent> enumerator = stream.GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync());

        // From here on the body's reads complete synchronously, so every MoveNextAsync does and the whole loop runs
        // on this thread: the thread's allocation counter sees everything the SDK allocates.
        int events = 1;
        bool allSynchronous = true;
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (true)
        {
            ValueTask<bool> next = enumerator.MoveNextAsync();
            allSynchronous &= next.IsCompleted;
            if (!await next)
            {
                break;
            }

            events++;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allSynchronous);
        Assert.Equal(body.EventCount, events);
        Assert.True(allocated / events < 1024, $"{allocated / events} bytes per event");
        // A buffer holding the whole body would alone cost its length (a string of it twice that).
        Assert.True(allocated < body.BodyLength, $"{allocated:N0} bytes allocated for a body of {body.BodyLength:N0} bytes");
        Message message = await stream.GetFinalMessageAsync();
        Assert.Equal(Deltas * GeneratedEventStream.DeltaText.Length, message.Text.Length);
    }
}
