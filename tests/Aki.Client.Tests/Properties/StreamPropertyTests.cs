using Aki.Client.Tests.Streaming;
using CsCheck;

namespace Aki.Client.Tests.Properties;

/// <summary>
/// Generated streams (any block order and interleaving, unknown events, blocks and deltas, error events, cuts
/// anywhere) under generated chunkings, through the public API. Whatever arrives: nothing but the AkiException family
/// escapes, and the message (final or partial) is what the reference model builds from the events that arrived.
/// </summary>
public class StreamPropertyTests
{
    private static readonly Gen<(uint[] Script, uint[] Chunks, bool Async)> s_input =
        Gen.Select(Choices.Gen(40, 400), Choices.Gen(1, 40), Gen.Bool);

    [Fact]
    public Task AnyStreamEndsInTheReferenceMessageOrATypedErrorCarryingItsPartialMessage() =>
        PropertyRun.CheckAsync(s_input, input => CheckAsync(input.Script, input.Chunks, input.Async), iterations: 300, fixedSeed: 1, print: Print);

    [Fact]
    public async Task EachEventCostsABoundedAmountOfMemory()
    {
        await PropertyRun.CheckAsync(
            Choices.Gen(40, 400),
            async choices =>
            {
                StreamScript script = StreamScript.Generate(new Choices(choices), allowFaults: false);

                // Many copies of the blocks make a long stream; reads complete synchronously, so the thread's
                // allocation counter sees everything the SDK allocates per event.
                byte[] body = Repeat(script, copies: 200, out int events);
                using StreamingHarness harness = StreamingHarness.ForBody(() => new ChunkedStream(body, _ => 4096, async: false));
                await using IAsyncEnumerator<MessageStreamEvent> enumerator = harness.Stream().GetAsyncEnumerator();
                Assert.True(await enumerator.MoveNextAsync());
                long before = GC.GetAllocatedBytesForCurrentThread();
                int read = 1;
                while (true)
                {
                    ValueTask<bool> next = enumerator.MoveNextAsync();
                    Assert.True(next.IsCompleted, "a read over a synchronous body completed asynchronously");
                    if (!await next)
                    {
                        break;
                    }

                    read++;
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(read >= events, $"{read} events read of {events}");

                // Per event: the event object and its strings (UTF-16, so twice the data's bytes), plus the amortized
                // growth of the accumulated text. Far from the whole body held again, or a copy per event.
                long bound = (32 * 1024L) + (1024L * read) + (6L * body.Length);
                Assert.True(allocated <= bound, $"{allocated:N0} bytes for {read} events of a {body.Length:N0}-byte body (bound {bound:N0})");
            },
            iterations: 25,
            fixedSeed: 2,
            print: choices => StreamScript.Generate(new Choices(choices), allowFaults: false).ToString(),
            localLimit: 500);
    }

    private static async Task CheckAsync(uint[] scriptChoices, uint[] chunkChoices, bool asyncReads)
    {
        StreamScript script = StreamScript.Generate(new Choices(scriptChoices));
        var chunks = new Choices(chunkChoices);
        int[] sizes = [.. Enumerable.Range(0, 16).Select(_ => 1 + chunks.Next(chunks.OneIn(3) ? 8 : 700))];
        using StreamingHarness harness = StreamingHarness.ForBody(() => ChunkedStream.Sizes(script.Body, sizes, asyncReads));
        MessageStream stream = harness.Stream(script.Events.OfType<StartEvent>().First().Model);

        Exception? failure = await Record.ExceptionAsync(async () =>
        {
            await foreach (MessageStreamEvent _ in stream)
            {
            }
        });

        if (failure is not null and not AkiException)
        {
            throw new Xunit.Sdk.XunitException($"{failure.GetType().FullName} escaped (only the AkiException family may): {failure}");
        }

        int errorAt = script.ErrorAt;
        int whole = script.DeliveredWhole;
        int hostileAt = script.HostileAt;
        if (hostileAt >= 0 && hostileAt < whole && (errorAt < 0 || hostileAt < errorAt)
            && failure is AkiException { PartialMessage: { } before } atHostile
            && ReferenceMessage.Of(before) == ReferenceMessage.Of(script.Events.Take(hostileAt)))
        {
            // Hostile data ended the stream with a typed error holding everything before it. Accepted instead, it
            // must leave the message as the reference builds it (the reference ignores it): the checks below.
            Assert.Equal(StreamingHarness.RequestId, atHostile.RequestId);
            return;
        }

        bool errorArrived = errorAt >= 0 && errorAt < whole;
        if (errorArrived)
        {
            AkiApiException error = Assert.IsAssignableFrom<AkiApiException>(failure);
            Assert.Equal(((ErrorEvent)script.Events[errorAt]).Type, error.ErrorType?.Value);
            Assert.Equal(StreamingHarness.RequestId, error.RequestId);
            Assert.Equal(ReferenceMessage.Of(script.Events.Take(errorAt)), ReferenceMessage.Of(error.PartialMessage!));
            return;
        }

        if (script.Cut is null)
        {
            Assert.Null(failure);
            Message message = await stream.GetFinalMessageAsync();
            Assert.Equal(ReferenceMessage.Of(script.Events), ReferenceMessage.Of(message));
            return;
        }

        // Cut off: either the last event arrived after all (the framer dispatches one pending at the end), or a typed
        // error whose partial message holds every event that arrived whole, and perhaps the one that was cut.
        if (failure is null)
        {
            Assert.True(whole >= script.Events.Count - 1, $"the stream completed with only {whole} of {script.Events.Count} events whole");
            Assert.Equal(ReferenceMessage.Of(script.Events), ReferenceMessage.Of(await stream.GetFinalMessageAsync()));
            return;
        }

        AkiException typed = (AkiException)failure;
        Assert.True(
            typed is AkiStreamTruncatedException or AkiUnexpectedResponseException || (typed is AkiApiException && (errorAt == whole || (hostileAt == whole && script.Events[hostileAt] is HostileEvent { Name: "error" }))),
            $"a cut stream ended in {typed.GetType().Name} (events whole: {whole}, error event at {errorAt}, hostile at {hostileAt}, events: {string.Join(", ", script.Events.Select(e => e.GetType().Name))}): {typed.Message}");
        Assert.Equal(StreamingHarness.RequestId, typed.RequestId);
        if (typed.PartialMessage is { } partial)
        {
            string actual = ReferenceMessage.Of(partial);
            Assert.True(
                actual == ReferenceMessage.Of(script.Events.Take(whole)) || actual == ReferenceMessage.Of(script.Events.Take(whole + 1)),
                $"partial message:\n{actual}\nexpected (events whole: {whole}):\n{ReferenceMessage.Of(script.Events.Take(whole))}");
        }
        else
        {
            Assert.True(whole <= 1, $"no partial message though {whole} events arrived whole");
        }
    }

    /// <summary>The script's body with its events between message_start and message_delta repeated.</summary>
    private static byte[] Repeat(StreamScript script, int copies, out int events)
    {
        int firstEnd = script.EventEnds[0];
        int tailStart = script.EventEnds[script.Events.FindIndex(e => e is StopDelta) - 1];
        byte[] body = script.FullBody;
        var result = new MemoryStream();
        result.Write(body, 0, firstEnd);
        for (int i = 0; i < copies; i++)
        {
            result.Write(body, firstEnd, tailStart - firstEnd);
        }

        result.Write(body, tailStart, body.Length - tailStart);
        events = script.Events.Count + ((copies - 1) * (script.Events.FindIndex(e => e is StopDelta) - 1));
        return result.ToArray();
    }

    private static string Print((uint[] Script, uint[] Chunks, bool Async) input) =>
        StreamScript.Generate(new Choices(input.Script)).ToString() + $"\nchunks from {input.Chunks.Length} choices, async={input.Async}";
}
