using System.Text;
using Aki.Client.Streaming;
using Aki.Client.Tests.Streaming;
using CsCheck;

namespace Aki.Client.Tests.Properties;

/// <summary>
/// The SDK's framer against the runtime's <c>SseParser</c> on arbitrary bytes under arbitrary chunkings: the same
/// events with the same data. (Where they differ by design, see <see cref="SseFramerDifferentialTests"/>: we dispatch
/// an event pending at the end of the body, and reset the event type on a blank line without data.)
/// </summary>
public class FramerPropertyTests
{
    // Bytes weighted towards what SSE gives meaning to, plus anything at all.
    private static readonly byte[][] s_pieces =
    [
        "data"u8.ToArray(), "data:"u8.ToArray(), "data: "u8.ToArray(), "event"u8.ToArray(), "event:"u8.ToArray(), "id:"u8.ToArray(), "retry:"u8.ToArray(),
        ":"u8.ToArray(), " "u8.ToArray(), "\n"u8.ToArray(), "\r"u8.ToArray(), "\r\n"u8.ToArray(), "\n\n"u8.ToArray(), "x"u8.ToArray(), "ü"u8.ToArray(),
        [0xEF, 0xBB, 0xBF], [0x00], [0xFF], [0xC3], "{\"type\":\"ping\"}"u8.ToArray(),
    ];

    private static readonly Gen<(uint[] Bytes, uint[] Chunks, bool Async)> s_input = Gen.Select(Choices.Gen(0, 300), Choices.Gen(1, 20), Gen.Bool);

    [Fact]
    public Task OnAnyBytesTheFramerFramesAsSseParserDoes() =>
        PropertyRun.CheckAsync(s_input, async input =>
        {
            byte[] soup = Soup(new Choices(input.Bytes));
            var chunks = new Choices(input.Chunks);
            int[] sizes = [.. Enumerable.Range(0, 8).Select(_ => 1 + chunks.Next(64))];

            List<SseEvent> ours = await Sse.FrameAsync(ChunkedStream.Sizes(soup, sizes, input.Async));

            // With a blank line appended nothing is pending at the end, and the two must agree.
            AssertSameFraming(ours, Sse.Oracle([.. soup, .. "\n\n"u8]));

            // On the bare bytes, ours may have one more: the event pending at the end.
            List<SseEvent> strict = Sse.Oracle(soup);
            Assert.InRange(ours.Count - strict.Count, 0, 1);
            AssertSameFraming(ours.Take(strict.Count).ToList(), strict);
        }, iterations: 600, fixedSeed: 5, print: input => Encoding.UTF8.GetString(Soup(new Choices(input.Bytes))).Replace("\r", "\\r").Replace("\n", "\\n"));

    [Fact]
    public Task AnEventLargerThanTheLimitIsRefusedWithoutHoldingMoreThanTheLimit() =>
        PropertyRun.CheckAsync(Gen.Select(Gen.Int[1, 64], Gen.Int[1, 5], Gen.Bool), async input =>
        {
            const int Limit = 4096;
            (int lineLength, int lines, bool async) = input;
            var body = new StringBuilder("event: content_block_delta\n");
            int total = 0;
            while (total <= Limit)
            {
                for (int i = 0; i < lines; i++)
                {
                    body.Append("data: ").Append('x', lineLength).Append('\n');
                    total += lineLength;
                }
            }

            body.Append('\n');
            Exception? failure = await Record.ExceptionAsync(() => Sse.FrameAsync(ChunkedStream.Random(Encoding.UTF8.GetBytes(body.ToString()), lineLength, maxChunk: 200, async), Limit));

            Assert.NotNull(failure);
            Assert.IsAssignableFrom<AkiException>(failure);
        }, iterations: 60, fixedSeed: 6);

    private static byte[] Soup(Choices c)
    {
        var bytes = new List<byte>();
        int pieces = c.Next(120);
        for (int i = 0; i < pieces; i++)
        {
            if (c.OneIn(10))
            {
                bytes.Add((byte)c.Next(256));
            }
            else
            {
                bytes.AddRange(c.Pick(s_pieces));
            }
        }

        return [.. bytes];
    }

    private static void AssertSameFraming(List<SseEvent> ours, List<SseEvent> oracle)
    {
        Assert.Equal(oracle.Select(e => e.Data), ours.Select(e => e.Data));
        for (int i = 0; i < ours.Count; i++)
        {
            string our = ours[i].SpecName;
            string theirs = oracle[i].SpecName;
            Assert.True(our == theirs || (our == "message" && theirs != "message"), $"Event {i} ('{ours[i].Data}'): we say '{our}', SseParser says '{theirs}'.");
        }
    }
}
