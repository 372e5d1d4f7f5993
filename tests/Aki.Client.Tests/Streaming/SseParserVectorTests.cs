using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// The shared parser vectors (parser-vectors/sse_parser_vectors.json of the conformance corpus): the chunk sequences
/// of the Anthropic SDKs' own SSE tests, fed to our framer read by read.
/// </summary>
public class SseParserVectorTests
{
    private const string VectorsFile = "parser-vectors/sse_parser_vectors.json";

    /// <summary>
    /// Vectors where the Anthropic SDKs and strict WHATWG differ, with what we produce. The Python/TypeScript/Java
    /// SDKs dispatch an event that has an <c>event:</c> line but no <c>data:</c> line (their vectors expect
    /// <c>("ping", "")</c>). WHATWG 9.2.6 says "If the data buffer is an empty string, set the data buffer and the
    /// event type buffer to the empty string and return": nothing is dispatched. We follow the spec, as
    /// System.Net.ServerSentEvents (and so the official C# SDK) does: Anthropic-style servers always send a data line,
    /// and an event without data carries nothing to parse.
    /// </summary>
    private static readonly Dictionary<string, SseEvent[]> s_ourChoice = new(StringComparer.Ordinal)
    {
        ["event_missing_data"] = [],
        ["multiple_events"] = [],
    };

    private readonly ITestOutputHelper _output;

    public SseParserVectorTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> EventVectors() => VectorCases("sse_event_vectors");

    public static TheoryData<string> LineVectors() => VectorCases("line_decoder_vectors");

    [RequiresEnvironmentTheory(ConformanceCorpus.Variable, ConformanceCorpus.What)]
    [MemberData(nameof(EventVectors))]
    public async Task EventVectorFramesAsTheSdksExpectReadByRead(string name)
    {
        if (Vector(name, "sse_event_vectors") is not { } vector)
        {
            return;
        }

        List<byte[]> chunks = vector.GetProperty("chunks_b64").EnumerateArray().Select(chunk => Convert.FromBase64String(chunk.GetString()!)).ToList();
        byte[] body = chunks.SelectMany(chunk => chunk).ToArray();
        SseEvent[] expected = vector.GetProperty("expected_events").EnumerateArray()
            .Select(e => new SseEvent(e.GetProperty("event").GetString() ?? string.Empty, e.GetProperty("data").GetString()!))
            .ToArray();
        if (s_ourChoice.TryGetValue(name, out SseEvent[]? ours))
        {
            // Only events without data may be dropped by the rule above.
            Assert.All(expected.Except(ours), e => Assert.Equal(string.Empty, e.Data));
            expected = ours;
        }

        foreach (bool asyncReads in new[] { false, true })
        {
            List<SseEvent> framed = await Sse.FrameAsync(ChunkedStream.Sizes(body, chunks.Select(chunk => chunk.Length).ToArray(), asyncReads));

            // A vector's null event ("no event line") is our empty name.
            Assert.Equal(expected, framed);
        }

        // Every vector ends with a blank line, so the oracle agrees too.
        Assert.Equal(expected.Select(e => (e.SpecName, e.Data)), Sse.Oracle(body).Select(e => (e.SpecName, e.Data)));
    }

    /// <summary>
    /// The TypeScript SDK's line-decoder vectors, checked through the framer: every line of the input is made a
    /// <c>data:</c> line (inserted where each line starts, so every chunk boundary, lone CR and split CRLF stays where
    /// the vector put it). The lines then come back as the data of the one event, joined with <c>\n</c>.
    /// </summary>
    [RequiresEnvironmentTheory(ConformanceCorpus.Variable, ConformanceCorpus.What)]
    [MemberData(nameof(LineVectors))]
    public async Task LineVectorSplitsLinesAsTheSdksExpectReadByRead(string name)
    {
        if (Vector(name, "line_decoder_vectors") is not { } vector)
        {
            return;
        }

        List<string> chunks = vector.GetProperty("chunks").EnumerateArray().Select(chunk => chunk.GetString()!).ToList();
        List<string> lines = vector.GetProperty("expected_lines").EnumerateArray().Select(line => line.GetString()!).ToList();
        string text = string.Concat(chunks);
        string tail = text[(text.LastIndexOfAny(['\r', '\n']) + 1)..];
        if (!vector.GetProperty("flush_at_end").GetBoolean() && tail.Length > 0)
        {
            // The vector stops before the last line is terminated, so that line is not out yet; our body ends there,
            // and we deliver an unterminated last line at the end of the body (the lenient choice, see
            // SseFramerDifferentialTests).
            lines.Add(tail);
        }

        List<byte[]> prefixed = PrefixEveryLine(chunks, "data:");
        byte[] body = prefixed.SelectMany(chunk => chunk).ToArray();

        foreach (bool asyncReads in new[] { false, true })
        {
            List<SseEvent> framed = await Sse.FrameAsync(ChunkedStream.Sizes(body, prefixed.Select(chunk => chunk.Length).ToArray(), asyncReads));

            Assert.Equal([new SseEvent(string.Empty, string.Join("\n", lines))], framed);
        }
    }

    private static TheoryData<string> VectorCases(string group)
    {
        var data = new TheoryData<string>();
        string? root = ConformanceCorpus.Root;
        string? file = root is null ? null : Path.Combine(root, VectorsFile);
        if (file is null || !File.Exists(file))
        {
            // Unset: the theory reports skipped (fails under CI). Set but missing: the test fails.
            data.Add(file is null ? ConformanceCorpus.NotConfigured : VectorsFile);
            return data;
        }

        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(file));
        foreach (JsonElement vector in document.RootElement.GetProperty(group).EnumerateArray())
        {
            data.Add(vector.GetProperty("name").GetString()!);
        }

        return data;
    }

    /// <summary>
    /// Inserts <paramref name="prefix"/> where each line of the concatenated chunks starts (after CR, LF or CRLF, the
    /// pair counted once even when split across chunks), keeping every chunk boundary in place.
    /// </summary>
    private static List<byte[]> PrefixEveryLine(List<string> chunks, string prefix)
    {
        string text = string.Concat(chunks);
        var lineStarts = new HashSet<int>();
        if (text.Length > 0)
        {
            lineStarts.Add(0);
        }

        for (int i = 0; i < text.Length; i++)
        {
            bool ends = text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'));
            if (ends && i + 1 < text.Length)
            {
                lineStarts.Add(i + 1);
            }
        }

        var result = new List<byte[]>();
        int position = 0;
        foreach (string chunk in chunks)
        {
            var output = new StringBuilder();
            foreach (char c in chunk)
            {
                if (lineStarts.Contains(position++))
                {
                    output.Append(prefix);
                }

                output.Append(c);
            }

            result.Add(Encoding.UTF8.GetBytes(output.ToString()));
        }

        return result;
    }

    private JsonElement? Vector(string name, string group)
    {
        string file = ConformanceCorpus.Resolve(VectorsFile, _output);

        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(file));
        return document.RootElement.GetProperty(group).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name).Clone();
    }
}
