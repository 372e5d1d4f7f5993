using System.Text;
using System.Text.Json.Nodes;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// The project's own SSE fixtures (Fixtures/Streams/*.sse, written from WIRE-FORMAT.md in the shape AKI.IO's open
/// models produce), the ways the tests rewrite their line endings, and the ways they deliver the bytes.
/// </summary>
internal static class StreamFixtures
{
    public static readonly string[] LineEndings = ["LF", "CR", "CRLF"];

    /// <summary>Whole body in one read; one byte per read; random read sizes from fixed seeds (small, medium, large).</summary>
    public static readonly string[] Deliveries = ["whole", "trickle", "random:11:7", "random:23:64", "random:1789:400"];

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Streams");

    public static IReadOnlyList<string> Names { get; } = System.IO.Directory.GetFiles(Directory, "*.sse")
        .Select(Path.GetFileName)
        .Select(name => name!)
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Every fixture x line ending x delivery x synchronous/asynchronous reads.</summary>
    public static TheoryData<string, string, string, bool> Variants()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (string name in Names)
        {
            foreach (string lineEnding in LineEndings)
            {
                foreach (string delivery in Deliveries)
                {
                    data.Add(name, lineEnding, delivery, false);
                    data.Add(name, lineEnding, delivery, true);
                }
            }
        }

        return data;
    }

    public static TheoryData<string> AllNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in Names)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>The fixture's bytes as stored: UTF-8, LF line endings.</summary>
    public static byte[] Read(string name)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Directory, name));
        Assert.DoesNotContain((byte)'\r', bytes);
        return bytes;
    }

    public static JsonNode Expected(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, Path.ChangeExtension(name, ".expected.json"))))!;

    /// <summary>Rewrites every LF of a fixture to the given line ending. The fixtures' JSON escapes its newlines, so only framing changes.</summary>
    public static byte[] WithLineEnding(byte[] lf, string lineEnding)
    {
        byte[] ending = lineEnding switch
        {
            "LF" => "\n"u8.ToArray(),
            "CR" => "\r"u8.ToArray(),
            "CRLF" => "\r\n"u8.ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(lineEnding), lineEnding, null),
        };
        var result = new List<byte>(lf.Length * 2);
        foreach (byte b in lf)
        {
            if (b == (byte)'\n')
            {
                result.AddRange(ending);
            }
            else
            {
                result.Add(b);
            }
        }

        return result.ToArray();
    }

    public static Stream Deliver(byte[] bytes, string delivery, bool asyncReads)
    {
        if (delivery == "whole")
        {
            return new ChunkedStream(bytes, _ => bytes.Length, asyncReads);
        }

        if (delivery == "trickle")
        {
            return ChunkedStream.Trickle(bytes, asyncReads);
        }

        string[] parts = delivery.Split(':');
        return ChunkedStream.Random(bytes, seed: int.Parse(parts[1]), maxChunk: int.Parse(parts[2]), asyncReads);
    }

    /// <summary>
    /// The events of a fixture, read from its LF text by the rule the fixtures are written to: an optional
    /// <c>event: name</c> line, one <c>data: json</c> line, a blank line; comment lines start with a colon.
    /// Any other line fails, so a fixture cannot drift out of this simple form unnoticed.
    /// </summary>
    public static List<SseEvent> ExpectedEvents(byte[] lf)
    {
        var events = new List<SseEvent>();
        string? name = null;
        string? data = null;
        foreach (string line in Encoding.UTF8.GetString(lf).Split('\n'))
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    events.Add(new SseEvent(name ?? string.Empty, data));
                }

                (name, data) = (null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.Null(data);
                data = line["data: ".Length..];
            }
            else
            {
                Assert.StartsWith(":", line);
            }
        }

        Assert.Null(data);
        return events;
    }
}
