using System.Text;
using System.Text.Json;
using Aki.Client.Streaming;
using Aki.Client.Tests.Properties;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// The events around the deltas matched byte for byte, held to the hand reader (itself held to the serializer) as the
/// oracle: whatever a template reads equals what <see cref="StructuralEventReader"/> reads from the same data, and
/// whatever a template is not sure of it leaves to it.
/// </summary>
public class EventTemplatesTests
{
    private const int Iterations = 4000;

    // The shapes the templates cover, with {0}... for the slots: index, id, name / model, counts, stop reason.
    private static readonly (StreamEventParser.Kind Kind, string Shape)[] s_shapes =
    [
        (StreamEventParser.Kind.MessageStart, """{"type":"message_start","message":{"id":"{1}","type":"message","role":"assistant","content":[],"model":"{2}","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":{3},"output_tokens":{4}}}}"""),
        (StreamEventParser.Kind.MessageStart, """{"type":"message_start","message":{"id":"{1}","type":"message","role":"assistant","content":[],"model":"{2}","stop_reason":null,"usage":{"input_tokens":{3},"output_tokens":{4}}}}"""),
        (StreamEventParser.Kind.MessageStart, """{"type":"message_start","message":{"id":"{1}","type":"message","role":"assistant","model":"{2}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":{3},"output_tokens":{4}}}}"""),
        (StreamEventParser.Kind.ContentBlockStart, """{"type":"content_block_start","content_block":{"type":"text","text":""},"index":{0}}"""),
        (StreamEventParser.Kind.ContentBlockStart, """{"type":"content_block_start","index":{0},"content_block":{"type":"text","text":""}}"""),
        (StreamEventParser.Kind.ContentBlockStart, """{"type":"content_block_start","content_block":{"type":"thinking","thinking":""},"index":{0}}"""),
        (StreamEventParser.Kind.ContentBlockStart, """{"type":"content_block_start","index":{0},"content_block":{"type":"thinking","thinking":""}}"""),
        (StreamEventParser.Kind.ContentBlockStart, """{"type":"content_block_start","content_block":{"type":"tool_use","id":"{1}","name":"{2}","input":{}},"index":{0}}"""),
        (StreamEventParser.Kind.ContentBlockStart, """{"type":"content_block_start","index":{0},"content_block":{"type":"tool_use","id":"{1}","name":"{2}","input":{}}}"""),
        (StreamEventParser.Kind.ContentBlockStop, """{"type":"content_block_stop","index":{0}}"""),
        (StreamEventParser.Kind.MessageDelta, """{"type":"message_delta","delta":{"stop_reason":"{5}"},"usage":{"input_tokens":{3},"output_tokens":{4}}}"""),
        (StreamEventParser.Kind.MessageDelta, """{"type":"message_delta","delta":{"stop_reason":"{5}","stop_sequence":null},"usage":{"output_tokens":{4}}}"""),
        (StreamEventParser.Kind.MessageDelta, """{"type":"message_delta","delta":{"stop_reason":"{5}","stop_sequence":null},"usage":{"input_tokens":{3},"output_tokens":{4}}}"""),
    ];

    private static readonly string[] s_integers = ["0", "7", "120", "999999999", "1000000000", "2147483647", "2147483648", "-1", "01", "1.0", "1e2", " 3", "3 ", "\"3\"", "null"];
    private static readonly string[] s_strings = ["msg_01XFDUDYJgAACzvnptvVoYEL", "chatcmpl-ffb7cf48", "gemma4-26b", "", "end_turn", "tool_use", "max_tokens", "stop_sequence", "pause_turn", "a b~!", "K\u00f6ln", "\u00e9\\u00e9", "q\\\"", "tab\there", "back\\\\slash", "\\n", "x\"y"];

    public static TheoryData<int> ShapeNumbers()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < s_shapes.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShapeNumbers))]
    public void EachShapeIsReadByItsTemplateAsTheHandReaderReadsIt(int shape)
    {
        (StreamEventParser.Kind kind, string template) = s_shapes[shape];
        byte[] data = Utf8(Fill(template, "3", "msg_1", "gemma4-26b", "12", "40", "end_turn"));

        MessageStreamEvent? read = EventTemplates.TryRead(kind, data);

        Assert.NotNull(read);
        Assert.Equal(StructuralEvents.Written(StructuralEvents.HandRead(kind, data)!), StructuralEvents.Written(read));
    }

    [Theory]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStop), """{"type":"content_block_stop","index":0 }""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStop), """{"type":"content_block_stop","index":01}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStop), """{"type":"content_block_stop","index":-1}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStop), """{"type":"content_block_stop","index":2147483648}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStop), """{"type":"content_block_stop","index":1}x""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStop), """{"type":"content_block_stop", "index":1}""")]
    [InlineData(nameof(StreamEventParser.Kind.MessageDelta), """{"type":"message_delta","delta":{"stop_reason":"end\u005fturn"},"usage":{"input_tokens":1,"output_tokens":2}}""")]
    [InlineData(nameof(StreamEventParser.Kind.MessageDelta), """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"input_tokens":1,"output_tokens":2,"server_tool_use":{}}}""")]
    [InlineData(nameof(StreamEventParser.Kind.MessageStart), """{"type":"message_start","message":{"id":"m\u00e9","type":"message","role":"assistant","content":[],"model":"x","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":0}}}""")]
    [InlineData(nameof(StreamEventParser.Kind.MessageStart), """{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"model":"x","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":0,"cache_read_input_tokens":0}}}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStart), """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"already"}}""")]
    public void WhatNoTemplateMatchesExactlyIsLeftToTheHandReader(string kindName, string json)
    {
        StreamEventParser.Kind kind = Enum.Parse<StreamEventParser.Kind>(kindName);
        Assert.Null(EventTemplates.TryRead(kind, Utf8(json)));
    }

    [Fact]
    public void TheEventsOfTheProjectsRecordingsAreReadByTheTemplatesAsTheHandReaderReadsThem()
    {
        int read = 0;
        int seen = 0;
        foreach ((StreamEventParser.Kind kind, byte[] data) in RecordedEvents())
        {
            seen++;
            if (EventTemplates.TryRead(kind, data) is { } templated)
            {
                read++;
                Assert.Equal(StructuralEvents.Written(StructuralEvents.HandRead(kind, data)!), StructuralEvents.Written(templated));
            }
        }

        // The templates are the shapes of these servers: all but a few events with content of their own match one.
        Assert.True(seen > 40, $"Only {seen} events were found in the recordings.");
        Assert.True(read * 10 >= seen * 8, $"Only {read} of {seen} recorded events matched a template.");
    }

    [Fact]
    public async Task WhateverATemplateReadsEqualsWhatTheHandReaderReads()
    {
        int templated = 0;
        int checkedInputs = 0;
        await PropertyRun.CheckAsync(
            Choices.Gen(8, 24),
            values =>
            {
                (StreamEventParser.Kind kind, byte[] data) = Generate(new Choices(values));
                checkedInputs++;
                if (EventTemplates.TryRead(kind, data) is { } read)
                {
                    templated++;
                    MessageStreamEvent? expected = StructuralEvents.HandRead(kind, data);
                    Assert.True(expected is not null, "A template read data the hand reader refuses.");
                    Assert.Equal(StructuralEvents.Written(expected), StructuralEvents.Written(read));
                }

                return Task.CompletedTask;
            },
            Iterations,
            31,
            values => Encoding.UTF8.GetString(Generate(new Choices(values)).Data));

        // Biased towards plain values: templates that matched nothing would pass vacuously.
        Assert.True(templated * 4 >= checkedInputs, $"Only {templated} of {checkedInputs} generated events matched a template.");
    }

    /// <summary>A shape with a value in each slot, usually plain, now and then one it must refuse, maybe a byte changed.</summary>
    private static (StreamEventParser.Kind Kind, byte[] Data) Generate(Choices c)
    {
        (StreamEventParser.Kind kind, string template) = c.Pick(s_shapes);
        string Integer() => c.OneIn(5) ? c.Pick(s_integers) : c.Pick("0", "1", "12", "4096", "123456789");
        string Text() => c.OneIn(5) ? c.Pick(s_strings) : c.Pick(s_strings[..10]);
        byte[] data = Utf8(Fill(template, Integer(), Text(), Text(), Integer(), Integer(), Text()));
        if (c.OneIn(6) && data.Length > 0)
        {
            // One byte changed, removed or doubled: most such data is no longer the shape, some is no longer JSON.
            int at = c.Next(data.Length);
            data = c.Next(3) switch
            {
                0 => [.. data[..at], (byte)c.Pick(' ', '"', '\\', '}', ',', '1', 'x', '\n'), .. data[(at + 1)..]],
                1 => [.. data[..at], .. data[(at + 1)..]],
                _ => [.. data[..(at + 1)], .. data[at..]],
            };
        }

        return (kind, data);
    }

    private static string Fill(string template, params string[] values)
    {
        string filled = template;
        for (int i = 0; i < values.Length; i++)
        {
            filled = filled.Replace("{" + i + "}", values[i], StringComparison.Ordinal);
        }

        return filled;
    }

    /// <summary>The events around the deltas in the fixture server's recordings and the tests' own streams.</summary>
    private static IEnumerable<(StreamEventParser.Kind Kind, byte[] Data)> RecordedEvents()
    {
        string recordings = Path.Combine(TestPaths.ProjectDirectory, "..", "..", "src", "Aki.Client.Testing", "Fixtures");
        foreach (string file in Directory.GetFiles(recordings, "*.json", SearchOption.AllDirectories))
        {
            using JsonDocument fixture = JsonDocument.Parse(File.ReadAllBytes(file));
            if (fixture.RootElement.TryGetProperty("response", out JsonElement response) && response.TryGetProperty("events", out JsonElement events))
            {
                foreach (JsonElement streamEvent in events.EnumerateArray())
                {
                    if (KindOf(streamEvent.GetProperty("type").GetString()) is { } kind)
                    {
                        yield return (kind, Utf8(streamEvent.GetRawText()));
                    }
                }
            }
        }

        foreach (string file in Directory.GetFiles(StreamFixtures.Directory, "*.sse"))
        {
            foreach (string line in File.ReadAllLines(file))
            {
                if (line.StartsWith("data: {", StringComparison.Ordinal))
                {
                    byte[] data = Utf8(line["data: ".Length..]);
                    using JsonDocument parsed = JsonDocument.Parse(data);
                    if (parsed.RootElement.TryGetProperty("type", out JsonElement type) && KindOf(type.GetString()) is { } kind)
                    {
                        yield return (kind, data);
                    }
                }
            }
        }
    }

    private static StreamEventParser.Kind? KindOf(string? type) => type switch
    {
        "message_start" => StreamEventParser.Kind.MessageStart,
        "content_block_start" => StreamEventParser.Kind.ContentBlockStart,
        "content_block_stop" => StreamEventParser.Kind.ContentBlockStop,
        "message_delta" => StreamEventParser.Kind.MessageDelta,
        _ => null,
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
