using Aki.Client.Streaming;

namespace Aki.Client.Tests.Streaming;

/// <summary>Framer details the fixtures and generators do not single out: the event size limit and the BOM.</summary>
public class SseFramerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EventLargerThanTheLimitFailsInsteadOfGrowingWithoutBound(bool multiLine)
    {
        string data = multiLine
            ? string.Concat(Enumerable.Repeat("data: " + new string('x', 300) + "\n", 5))
            : "data: " + new string('x', 1500) + "\n";
        byte[] body = Sse.Utf8("data: small\n\n" + data + "\n");

        var events = new List<string>();
        AkiUnexpectedResponseException error = await Assert.ThrowsAsync<AkiUnexpectedResponseException>(async () =>
        {
            using var framer = new SseFramer(ChunkedStream.Random(body, seed: 3, maxChunk: 100, async: false), maxEventSize: 1024);
            while (true)
            {
                while (framer.TryReadEvent(out _, out ReadOnlySpan<byte> eventData))
                {
                    events.Add(System.Text.Encoding.UTF8.GetString(eventData));
                }

                if (!await framer.FillAsync(CancellationToken.None))
                {
                    break;
                }
            }
        });

        Assert.Equal(["small"], events);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("1 KiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventJustUnderTheLimitIsFramedWhole()
    {
        string value = new('y', 900);
        byte[] body = Sse.Utf8($"event: big\ndata: {value}\n\n");

        List<SseEvent> events = await Sse.FrameAsync(ChunkedStream.Trickle(body, async: false), maxEventSize: 1024);

        Assert.Equal([new SseEvent("big", value)], events);
    }

    [Fact]
    public async Task ByteOrderMarkSplitAcrossReadsIsSkippedOnce()
    {
        byte[] body = Sse.Concat([0xEF], [0xBB, 0xBF, 0xEF, 0xBB, 0xBF], "data: a\n\ndata: b\n\n"u8.ToArray());

        List<SseEvent> events = await Sse.FrameAsync(ChunkedStream.Sizes(body, [1, 2, 3], async: true));

        // The second BOM is part of the first line's field name ("\uFEFFdata"), an unknown field: WHATWG and SseParser agree.
        Assert.Equal([new SseEvent(string.Empty, "b")], events);
        Assert.Equal(events.Select(e => e.Data), Sse.Oracle(body).Select(e => e.Data));
    }

    [Fact]
    public async Task BodyThatIsOnlyABomPrefixIsNotAnEvent()
    {
        List<SseEvent> events = await Sse.FrameAsync(new MemoryStream([0xEF, 0xBB]));

        Assert.Empty(events);
    }

    [Fact]
    public async Task KeepAliveCommentsWithoutBlankLinesDoNotCountTowardsTheEventLimit()
    {
        // 2 KiB of comment lines with no blank line between them, then an event: under a 1 KiB limit.
        string comments = string.Concat(Enumerable.Repeat(": keep-alive\n", 200));
        byte[] body = Sse.Utf8(comments + "data: after\n\n");

        List<SseEvent> events = await Sse.FrameAsync(ChunkedStream.Random(body, seed: 5, maxChunk: 64, async: false), maxEventSize: 1024);

        Assert.Equal([new SseEvent(string.Empty, "after")], events);
    }
}
