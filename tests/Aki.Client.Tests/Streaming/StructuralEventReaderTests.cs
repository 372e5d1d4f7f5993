using System.Text;
using System.Text.Json;
using Aki.Client.Serialization;
using Aki.Client.Streaming;
using Aki.Client.Tests.Properties;
using CsCheck;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// The hand-read events around the deltas, held to the source-generated path as the oracle: whatever the reader
/// returns must equal what that path reads from the same data, and what it is not sure of it must leave to that path.
/// </summary>
public class StructuralEventReaderTests
{
    private const int Iterations = 3000;

    [Theory]
    [InlineData("""{"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","model":"gemma4-26b","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":120,"output_tokens":0}}}""")]
    [InlineData("""{"type":"message_start","message":{"id":"chatcmpl-1","type":"message","role":"assistant","content":[],"model":"qwen3.6-35b","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":18,"output_tokens":0}}}""")]
    [InlineData("""{"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "model": "llama3-chat-70b", "content": [], "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 9, "cache_creation_input_tokens": 0, "cache_read_input_tokens": null, "output_tokens": 1, "service_tier": "standard"}}}""")]
    [InlineData("""{"message":{"model":"gemma4-26b","id":"msg_\u00e9","type":"message","role":"assistant","content":[],"usage":{"output_tokens":0,"input_tokens":3}},"type":"message_start"}""")]
    public void MessageStartInTheShapesServersSendIsReadByHandAsTheSerializerReadsIt(string json)
    {
        byte[] data = Utf8(json);
        MessageStartEvent? read = StructuralEventReader.TryReadMessageStart(data);

        Assert.NotNull(read);
        Assert.Equal(Oracle(StreamEventParser.Kind.MessageStart, data), StructuralEvents.Written(read));
        Assert.Equal(MessageRole.Assistant, read.Message.Role);
    }

    [Theory]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""")]
    [InlineData("""{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"chatcmpl-tool-1","name":"search","input":{}}}""")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}""")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}""")]
    [InlineData("""{"index":1,"type":"content_block_start","content_block":{"input":{ },"name":"f","id":"t","type":"tool_use"}}""")]
    public void ContentBlockStartInTheShapesServersSendIsReadByHand(string json)
    {
        byte[] data = Utf8(json);
        ContentBlockStartEvent? read = StructuralEventReader.TryReadContentBlockStart(data);

        Assert.NotNull(read);
        Assert.Equal(Oracle(StreamEventParser.Kind.ContentBlockStart, data), StructuralEvents.Written(read));
    }

    [Theory]
    [InlineData("""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":12}}""")]
    [InlineData("""{"type": "message_delta", "delta": {"stop_reason": "tool_use"}, "usage": {"input_tokens": 12, "output_tokens": 3, "cache_read_input_tokens": 0}}""")]
    [InlineData("""{"type":"message_delta","delta":{"stop_reason":"pause_turn","stop_sequence":"\n\n"}}""")]
    [InlineData("""{"type":"message_delta","usage":{"output_tokens":4}}""")]
    [InlineData("""{"type":"message_delta","delta":null,"usage":null}""")]
    public void MessageDeltaInTheShapesServersSendIsReadByHand(string json)
    {
        byte[] data = Utf8(json);
        MessageDeltaEvent? read = StructuralEventReader.TryReadMessageDelta(data);

        Assert.NotNull(read);
        Assert.NotNull(read.Delta);
        Assert.Equal(Oracle(StreamEventParser.Kind.MessageDelta, data), StructuralEvents.Written(read));
    }

    [Fact]
    public void ContentBlockStopIsReadByHand()
    {
        byte[] data = Utf8("""{"type":"content_block_stop","index":7}""");
        Assert.Equal(7, StructuralEventReader.TryReadContentBlockStop(data)?.Index);
        Assert.Equal(Oracle(StreamEventParser.Kind.ContentBlockStop, data), StructuralEvents.Written(StructuralEventReader.TryReadContentBlockStop(data)!));
    }

    [Theory]
    // Fields the records keep as extension data, or model with types the reader does not build.
    [InlineData(nameof(StreamEventParser.Kind.MessageStart), """{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"x","content":[],"usage":{"input_tokens":1,"output_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":1}}}}""")]
    [InlineData(nameof(StreamEventParser.Kind.MessageStart), """{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"x","content":[],"container":null,"usage":{"input_tokens":1,"output_tokens":0}}}""")]
    [InlineData(nameof(StreamEventParser.Kind.MessageStart), """{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"x","content":[{"type":"text","text":"already"}],"usage":{"input_tokens":1,"output_tokens":0}}}""")]
    [InlineData(nameof(StreamEventParser.Kind.MessageStart), """{"type":"message_start","trace":"t1","message":{"id":"m","type":"message","role":"assistant","model":"x","content":[],"usage":{"input_tokens":1,"output_tokens":0}}}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStart), """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"","citations":[]}}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStart), """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"f","input":{"q":1}}}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStart), """{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"t","name":"web_search","input":{}}}""")]
    [InlineData(nameof(StreamEventParser.Kind.MessageDelta), """{"type":"message_delta","delta":{"stop_reason":"refusal","stop_sequence":null,"stop_details":{"type":"refusal"}},"usage":{"output_tokens":0}}""")]
    [InlineData(nameof(StreamEventParser.Kind.MessageDelta), """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":8,"server_tool_use":{"web_search_requests":2}}}""")]
    // A field twice, a value of another kind, something after the object.
    [InlineData(nameof(StreamEventParser.Kind.MessageDelta), """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_reason":"max_tokens"}}""")]
    [InlineData(nameof(StreamEventParser.Kind.MessageDelta), """{"type":"message_delta","usage":{"output_tokens":"8"}}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStop), """{"type":"content_block_stop","index":1.0}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStop), """{"type":"content_block_stop","index":1} x""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStop), """{"type":"content_block_stop"}""")]
    public void WhatTheReaderIsNotSureOfIsLeftToTheSerializer(string kind, string json)
    {
        byte[] data = Utf8(json);
        Assert.Null(StructuralEvents.HandRead(Enum.Parse<StreamEventParser.Kind>(kind), data));
    }

    [Fact]
    public void TheParserStillKeepsWhatOnlyTheSerializerReads()
    {
        // Through the parser, a field the hand reader leaves alone still reaches the caller as extension data.
        byte[] data = Utf8("""{"type":"message_delta","delta":{"stop_reason":"refusal","stop_details":{"category":"cyber"}},"usage":{"output_tokens":3,"server_tool_use":{"web_search_requests":2}}}""");
        var parsed = (MessageDeltaEvent)StreamEventParser.Parse(StreamEventParser.Kind.MessageDelta, Utf8("message_delta"), data);

        Assert.Equal("cyber", parsed.Delta.AdditionalProperties!["stop_details"].GetProperty("category").GetString());
        Assert.Equal(2, parsed.Usage!.AdditionalProperties!["server_tool_use"].GetProperty("web_search_requests").GetInt32());
    }

    [Fact]
    public void TheToolInputTheReaderSharesCannotBeChangedThroughABlock()
    {
        var first = (ToolUseBlock)StructuralEventReader.TryReadContentBlockStart(Utf8("""{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"a","name":"f","input":{}}}"""))!.ContentBlock;
        var second = (ToolUseBlock)StructuralEventReader.TryReadContentBlockStart(Utf8("""{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"b","name":"f","input":{}}}"""))!.ContentBlock;

        Assert.Equal(JsonValueKind.Object, first.Input.ValueKind);
        Assert.Equal("{}", second.Input.GetRawText());
    }

    [Theory]
    [InlineData(nameof(StreamEventParser.Kind.MessageStart), 11)]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStart), 12)]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStop), 13)]
    [InlineData(nameof(StreamEventParser.Kind.MessageDelta), 14)]
    public async Task WhateverTheReaderReturnsEqualsWhatTheSerializerReads(string kindName, int seed)
    {
        StreamEventParser.Kind kind = Enum.Parse<StreamEventParser.Kind>(kindName);
        int handRead = 0;
        int checkedInputs = 0;
        await PropertyRun.CheckAsync(
            Choices.Gen(10, 60),
            values =>
            {
                byte[] data = Utf8(EventJson.Generate(kind, new Choices(values)));
                MessageStreamEvent? read = StructuralEvents.HandRead(kind, data);
                checkedInputs++;
                if (read is not null)
                {
                    handRead++;
                    string? expected = Oracle(kind, data);
                    Assert.True(expected is not null, "The reader accepted data the serializer refuses.");
                    Assert.Equal(expected, StructuralEvents.Written(read));
                }

                return Task.CompletedTask;
            },
            Iterations,
            seed,
            values => Encoding.UTF8.GetString(Utf8(EventJson.Generate(kind, new Choices(values)))));

        // The generator is biased towards the usual shapes: a reader that gave up on everything would pass vacuously.
        Assert.True(handRead * 10 >= checkedInputs, $"Only {handRead} of {checkedInputs} generated events were read by hand.");
    }

    /// <summary>The source-generated path, with the parser's rules for missing members; null where it refuses the data.</summary>
    private static string? Oracle(StreamEventParser.Kind kind, byte[] data)
    {
        AkiJsonContext context = AkiJsonContext.Default;
        try
        {
            MessageStreamEvent? read = kind switch
            {
                StreamEventParser.Kind.MessageStart => JsonSerializer.Deserialize(data, context.MessageStartEvent) is { Message: not null } start ? start : null,
                StreamEventParser.Kind.ContentBlockStart => JsonSerializer.Deserialize(data, context.ContentBlockStartEvent) is { ContentBlock: not null } blockStart ? blockStart : null,
                StreamEventParser.Kind.ContentBlockStop => JsonSerializer.Deserialize(data, context.ContentBlockStopEvent),
                StreamEventParser.Kind.MessageDelta => JsonSerializer.Deserialize(data, context.MessageDeltaEvent) is { } delta ? delta with { Delta = delta.Delta ?? new MessageDelta() } : null,
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
            return read is null ? null : StructuralEvents.Written(read);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// Event data near the shapes servers send: members in any order, some left out, some given twice, values of the
    /// wrong kind, fields the records keep as extension data, escaped names, whitespace, something after the object.
    /// </summary>
    private static class EventJson
    {
        private static readonly string[] s_int = ["0", "12", "2147483647", "-1"];
        private static readonly string[] s_wrongInt = ["null", "1.5", "1e2", "2147483648", "\"3\"", "[]", "true"];
        private static readonly string[] s_string = ["\"msg_1\"", "\"\"", "\"Gr\\u00fc\\u00dfe \\\"q\\\"\"", "\"\\ud83d\\ude00\""];
        private static readonly string[] s_wrongString = ["null", "5", "{}", "[\"a\"]", "\"\\ud800\""];
        private static readonly string[] s_stopReason = ["\"end_turn\"", "\"tool_use\"", "\"max_tokens\"", "\"stop_sequence\"", "\"refusal\"", "null"];

        public static string Generate(StreamEventParser.Kind kind, Choices c)
        {
            string body = kind switch
            {
                StreamEventParser.Kind.MessageStart => Object(c, ("type", "\"message_start\""), ("message", Message(c))),
                StreamEventParser.Kind.ContentBlockStart => Object(c, ("type", "\"content_block_start\""), ("index", Int(c)), ("content_block", Block(c))),
                StreamEventParser.Kind.ContentBlockStop => Object(c, ("type", "\"content_block_stop\""), ("index", Int(c))),
                _ => Object(c, ("type", "\"message_delta\""), ("delta", c.OneIn(8) ? "null" : Object(c, ("stop_reason", c.Pick(s_stopReason)), ("stop_sequence", c.OneIn(3) ? "\"\\n\"" : "null"))), ("usage", c.OneIn(8) ? "null" : DeltaUsage(c))),
            };
            return c.OneIn(25) ? body + c.Pick(" ", "\n", "x", "{}", ",") : body;
        }

        private static string Message(Choices c) => c.OneIn(20) ? c.Pick("null", "[]", "5") : Object(
            c,
            ("id", Str(c)),
            ("type", c.OneIn(6) ? c.Pick("\"other\"", "null", "1") : "\"message\""),
            ("role", c.OneIn(6) ? c.Pick("\"user\"", "null", "1", "\"\"") : "\"assistant\""),
            ("model", Str(c)),
            ("content", c.OneIn(8) ? c.Pick("[{\"type\":\"text\",\"text\":\"a\"}]", "null", "{}", "[ ]") : "[]"),
            ("stop_reason", c.OneIn(8) ? c.Pick("5", "{}") : c.Pick(s_stopReason)),
            ("stop_sequence", c.OneIn(4) ? Str(c) : "null"),
            ("usage", c.OneIn(12) ? c.Pick("null", "5", "[]") : Usage(c)));

        private static string Usage(Choices c) => Object(
            c,
            ("input_tokens", Int(c)),
            ("cache_creation_input_tokens", c.OneIn(2) ? "null" : Int(c)),
            ("cache_read_input_tokens", c.OneIn(2) ? "null" : Int(c)),
            ("output_tokens", Int(c)),
            ("service_tier", c.OneIn(3) ? Str(c) : "null"));

        private static string DeltaUsage(Choices c) => Object(
            c,
            ("input_tokens", c.OneIn(3) ? "null" : Int(c)),
            ("cache_creation_input_tokens", c.OneIn(2) ? "null" : Int(c)),
            ("cache_read_input_tokens", c.OneIn(2) ? "null" : Int(c)),
            ("output_tokens", Int(c)));

        private static string Block(Choices c)
        {
            if (c.OneIn(20))
            {
                return c.Pick("null", "5", "[]", "{}");
            }

            return c.Next(4) switch
            {
                0 => Object(c, ("type", "\"text\""), ("text", c.OneIn(3) ? Str(c) : "\"\"")),
                1 => Object(c, ("type", "\"tool_use\""), ("id", Str(c)), ("name", Str(c)), ("input", c.OneIn(6) ? c.Pick("{\"a\":1}", "null", "[]", "\"{}\"") : "{}")),
                2 => Object(c, ("type", "\"thinking\""), ("thinking", c.OneIn(3) ? Str(c) : "\"\""), ("signature", c.OneIn(3) ? "null" : Str(c))),
                _ => Object(c, ("type", c.Pick("\"image\"", "\"redacted_thinking\"", "\"server_tool_use\"", "null", "5")), ("data", Str(c)), ("text", Str(c))),
            };
        }

        private static string Int(Choices c) => c.OneIn(8) ? c.Pick(s_wrongInt) : c.Pick(s_int);

        private static string Str(Choices c) => c.OneIn(8) ? c.Pick(s_wrongString) : c.Pick(s_string);

        /// <summary>An object of these members, each usually present, shuffled, one maybe repeated, maybe one more.</summary>
        private static string Object(Choices c, params (string Name, string Value)[] members)
        {
            var chosen = members.Where(_ => !c.OneIn(8)).ToList();
            if (c.OneIn(10) && chosen.Count > 0)
            {
                chosen.Add((chosen[c.Next(chosen.Count)].Name, c.Pick(members).Value));
            }

            if (c.OneIn(10))
            {
                chosen.Add((c.Pick("extra", "citations", "cache_creation", "stop_details", "server_tool_use", "Type", "container"), c.Pick("null", "{}", "[]", "1", "{\"a\":[1]}")));
            }

            for (int i = chosen.Count - 1; i > 0; i--)
            {
                if (c.OneIn(3))
                {
                    int j = c.Next(i + 1);
                    (chosen[i], chosen[j]) = (chosen[j], chosen[i]);
                }
            }

            string space = c.OneIn(4) ? c.Pick(" ", "\n", "\t ") : string.Empty;
            return "{" + space + string.Join("," + space, chosen.Select(m => Name(c, m.Name) + ":" + space + m.Value)) + space + "}";
        }

        /// <summary>A member name, now and then with its first letter escaped (the same name to a JSON reader).</summary>
        private static string Name(Choices c, string name) =>
            c.OneIn(15) ? $"\"\\u{(int)name[0]:x4}{name[1..]}\"" : $"\"{name}\"";
    }
}
