using System.Net.ServerSentEvents;
using System.Text;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// Differential tests: our framer against <see cref="SseParser"/> (System.Net.ServerSentEvents, in the shared
/// framework) as the oracle, over generated event streams and random byte soup with fixed seeds. The two may differ
/// only where this class says why:
/// <list type="bullet">
/// <item>An event still pending when the body ends: WHATWG and SseParser drop it (so do the Python and TypeScript
/// SDKs), we dispatch it, so that a body without its final blank line (anthropic-sdk-python's basic_response.txt is
/// one) still delivers its <c>message_stop</c> instead of failing as truncated.</item>
/// <item>SseParser keeps an <c>event:</c> type across a blank line that dispatched nothing, and reports an empty
/// <c>event:</c> value as "" rather than "message". WHATWG resets the type buffer on every blank line ("If the data
/// buffer is an empty string, set the data buffer and the event type buffer to the empty string and return") and
/// defaults an empty type to "message"; so do we.</item>
/// </list>
/// </summary>
public class SseFramerDifferentialTests
{
    private static readonly string[] s_names = ["message_start", "content_block_delta", "ping", "error", "x", "näme", "message", "😀"];
    private static readonly string[] s_valueParts = ["x", " ", ":", "{\"a\":1}", "ä", "€", "😀", "東京", "\u2028", "\uFEFF", "data: ", "event:", "[DONE]", "  "];

    public static TheoryData<int> GeneratedSeeds() => Seeds(1, 150);

    public static TheoryData<int> SoupSeeds() => Seeds(1000, 250);

    public static TheoryData<int> LargeSeeds() => Seeds(5000, 8);

    [Theory]
    [MemberData(nameof(GeneratedSeeds))]
    public async Task GeneratedStreamFramesAsTheSpecSaysAndAsSseParserDoes(int seed)
    {
        GeneratedStream generated = Generate(seed);

        List<SseEvent> ours = await Sse.FrameAsync(ChunkedStream.Random(generated.Bytes, seed, maxChunk: 1 + (seed % 40), async: seed % 3 == 0));
        List<SseEvent> oracle = Sse.Oracle(generated.Bytes);

        Assert.Equal(generated.Expected, ours.Select(e => (e.SpecName, e.Data)));
        AssertSameFraming(ours, oracle);
    }

    [Theory]
    [MemberData(nameof(LargeSeeds))]
    public async Task LongStreamsWithLargeEventsFrameAsTheSpecSaysAcrossBufferShiftsAndGrowth(int seed)
    {
        // Well past the framer's 16 KiB starting buffer: values of up to 48 KiB make it grow, many events make it shift.
        GeneratedStream generated = Generate(seed, largeValues: true);
        Assert.True(generated.Bytes.Length > 128 * 1024, $"{generated.Bytes.Length} bytes");

        List<SseEvent> ours = await Sse.FrameAsync(ChunkedStream.Random(generated.Bytes, seed, maxChunk: 5000, async: seed % 2 == 0));

        Assert.Equal(generated.Expected, ours.Select(e => (e.SpecName, e.Data)));
        AssertSameFraming(ours, Sse.Oracle(generated.Bytes));
    }

    [Theory]
    [MemberData(nameof(SoupSeeds))]
    public async Task ByteSoupFramesAsSseParserDoesOnceTheBodyEndsWithABlankLine(int seed)
    {
        byte[] soup = Soup(seed);

        List<SseEvent> ours = await Sse.FrameAsync(ChunkedStream.Random(soup, seed, maxChunk: 1 + (seed % 13), async: seed % 5 == 0));

        // With a blank line appended, nothing is pending at the end, and the two must agree.
        AssertSameFraming(ours, Sse.Oracle(Sse.Concat(soup, "\n\n"u8.ToArray())));

        // On the bare soup, the only difference allowed is our one extra event: the one pending at the end of the body.
        List<SseEvent> strict = Sse.Oracle(soup);
        Assert.InRange(ours.Count - strict.Count, 0, 1);
        AssertSameFraming(ours.Take(strict.Count).ToList(), strict);
    }

    [Fact]
    public async Task EventPendingAtTheEndOfTheBodyIsDispatchedThoughSseParserDropsIt()
    {
        byte[] body = "event: message_stop\ndata: {\"type\":\"message_stop\"}"u8.ToArray();

        List<SseEvent> ours = await Sse.FrameAsync(new MemoryStream(body));

        Assert.Equal([new SseEvent("message_stop", "{\"type\":\"message_stop\"}")], ours);
        Assert.Empty(Sse.Oracle(body));
    }

    [Fact]
    public async Task BlankLineWithoutDataResetsTheEventTypeWhereSseParserCarriesItOver()
    {
        byte[] body = "event: ping\n\ndata: x\n\nevent:\ndata: y\n\n"u8.ToArray();

        List<SseEvent> ours = await Sse.FrameAsync(new MemoryStream(body));

        Assert.Equal([new SseEvent(string.Empty, "x"), new SseEvent(string.Empty, "y")], ours);
        Assert.Equal([new SseEvent("ping", "x"), new SseEvent(string.Empty, "y")], Sse.Oracle(body));
    }

    /// <summary>Same events, same data; the same type except where SseParser carries a stale type over (see the class remarks).</summary>
    private static void AssertSameFraming(List<SseEvent> ours, List<SseEvent> oracle)
    {
        Assert.Equal(oracle.Select(e => e.Data), ours.Select(e => e.Data));
        for (int i = 0; i < ours.Count; i++)
        {
            string our = ours[i].SpecName;
            string theirs = oracle[i].SpecName;
            Assert.True(
                our == theirs || (our == "message" && theirs != "message"),
                $"Event {i} ('{ours[i].Data}'): we say '{our}', SseParser says '{theirs}'.");
        }
    }

    private static TheoryData<int> Seeds(int first, int count)
    {
        var data = new TheoryData<int>();
        foreach (int seed in Enumerable.Range(first, count))
        {
            data.Add(seed);
        }

        return data;
    }

    /// <summary>
    /// A random event stream and what WHATWG says it contains: optional BOM, events made of random field lines
    /// (data in every spelling, event, id, retry, unknown fields, comments, a BOM or a space before a field name),
    /// mixed line endings, every event closed by a blank line.
    /// </summary>
    private static GeneratedStream Generate(int seed, bool largeValues = false)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        var expected = new List<(string, string)>();
        string previousEnding = "\n";
        if (random.Next(3) == 0)
        {
            text.Append('\uFEFF');
        }

        void Line(string line)
        {
            string ending = random.Next(3) switch { 0 => "\n", 1 => "\r", _ => "\r\n" };

            // A CR then an empty line ending in LF would read as one CRLF: keep the blank line a line of its own.
            if (line.Length == 0 && previousEnding == "\r" && ending == "\n")
            {
                ending = "\r";
            }

            text.Append(line).Append(ending);
            previousEnding = ending;
        }

        int events = largeValues ? random.Next(40, 60) : random.Next(1, 12);
        for (int e = 0; e < events; e++)
        {
            string? type = null;
            List<string>? data = null;
            int fields = random.Next(0, 7);
            for (int f = 0; f < fields; f++)
            {
                string value = largeValues && random.Next(3) == 0 ? string.Concat(Enumerable.Repeat(Value(random) + "x", random.Next(100, 4000))) : Value(random);
                switch (random.Next(13))
                {
                    case 0 or 1 or 2:
                        (data ??= []).Add(value);
                        Line("data: " + value);
                        break;
                    case 3:
                        // Without the conventional space, a value's own leading space is the one that is removed.
                        (data ??= []).Add(value.StartsWith(' ') ? value[1..] : value);
                        Line("data:" + value);
                        break;
                    case 4:
                        (data ??= []).Add(" " + value);
                        Line("data:  " + value);
                        break;
                    case 5:
                        (data ??= []).Add(string.Empty);
                        Line(random.Next(2) == 0 ? "data" : "data:");
                        break;
                    case 6 or 7:
                        type = s_names[random.Next(s_names.Length)];
                        Line(random.Next(2) == 0 ? "event: " + type : "event:" + type);
                        break;
                    case 8:
                        type = string.Empty;
                        Line(random.Next(2) == 0 ? "event" : "event:");
                        break;
                    case 9:
                        Line(random.Next(2) == 0 ? "id: " + random.Next(1000) : "retry: " + (random.Next(2) == 0 ? "3000" : "soon"));
                        break;
                    case 10:
                        Line(random.Next(2) == 0 ? ": keep-alive " + value : ":");
                        break;
                    case 11:
                        // Not a data field: wrong case, a space before the name, or a BOM that is not the stream's first.
                        string name = random.Next(3) switch { 0 => "Data", 1 => " data", _ => "\uFEFFdata" };
                        Line((text.Length == 0 ? "Data" : name) + ": " + value);
                        break;
                    default:
                        Line("x-aki-" + random.Next(10) + ": " + value);
                        break;
                }
            }

            Line(string.Empty);
            if (data is not null)
            {
                expected.Add((string.IsNullOrEmpty(type) ? "message" : type, string.Join("\n", data)));
            }
        }

        return new GeneratedStream(Encoding.UTF8.GetBytes(text.ToString()), expected);
    }

    private static string Value(Random random)
    {
        var value = new StringBuilder();
        int parts = random.Next(0, 6);
        for (int i = 0; i < parts; i++)
        {
            value.Append(s_valueParts[random.Next(s_valueParts.Length)]);
        }

        return value.ToString();
    }

    /// <summary>Random bytes from a small alphabet that makes field names, colons, line breaks and multi-byte UTF-8 likely.</summary>
    private static byte[] Soup(int seed)
    {
        byte[][] alphabet =
        [
            "data"u8.ToArray(), "data"u8.ToArray(), "data"u8.ToArray(), "event"u8.ToArray(), "event"u8.ToArray(),
            ":"u8.ToArray(), ":"u8.ToArray(), ":"u8.ToArray(), " "u8.ToArray(), " "u8.ToArray(),
            "\r"u8.ToArray(), "\r"u8.ToArray(), "\n"u8.ToArray(), "\n"u8.ToArray(), "\n"u8.ToArray(), "x"u8.ToArray(), "x"u8.ToArray(),
            "ä"u8.ToArray(), "€"u8.ToArray(), "😀"u8.ToArray(), "\u2028"u8.ToArray(), "\uFEFF"u8.ToArray(),
            [0xC3], [0xA4], [0xF0, 0x9F], [0xFF],
        ];
        var random = new Random(seed);
        var soup = new List<byte>();
        int tokens = random.Next(0, 300);
        for (int i = 0; i < tokens; i++)
        {
            soup.AddRange(alphabet[random.Next(alphabet.Length)]);
        }

        return soup.ToArray();
    }

    private sealed record GeneratedStream(byte[] Bytes, List<(string Type, string Data)> Expected);
}
