using System.Text;
using System.Text.Json;
using Aki.Client.Streaming;

namespace Aki.Client.Tests.Streaming;

/// <summary>One SSE event (name and data bytes) into a typed event: dispatch, the hand-read deltas, the general path.</summary>
public class StreamEventParserTests
{
    [Theory]
    [InlineData("message_start", nameof(StreamEventParser.Kind.MessageStart))]
    [InlineData("content_block_start", nameof(StreamEventParser.Kind.ContentBlockStart))]
    [InlineData("content_block_delta", nameof(StreamEventParser.Kind.ContentBlockDelta))]
    [InlineData("content_block_stop", nameof(StreamEventParser.Kind.ContentBlockStop))]
    [InlineData("message_delta", nameof(StreamEventParser.Kind.MessageDelta))]
    [InlineData("message_stop", nameof(StreamEventParser.Kind.MessageStop))]
    [InlineData("ping", nameof(StreamEventParser.Kind.Ping))]
    [InlineData("error", nameof(StreamEventParser.Kind.Error))]
    [InlineData("compaction", nameof(StreamEventParser.Kind.Unknown))]
    public void TheEventNameDecides(string name, string expected)
    {
        Assert.Equal(Enum.Parse<StreamEventParser.Kind>(expected), StreamEventParser.Classify(Utf8(name), Utf8("""{"type":"message_stop"}""")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("message")]
    public void WithoutASpecificNameTheDataTypeDecides(string name)
    {
        Assert.Equal(StreamEventParser.Kind.ContentBlockStop, StreamEventParser.Classify(Utf8(name), Utf8("""{"index":0,"type":"content_block_stop"}""")));
        Assert.Equal(StreamEventParser.Kind.Unknown, StreamEventParser.Classify(Utf8(name), Utf8("not json")));
    }

    [Fact]
    public void DoneIsRecognisedOnlyAsTheWholeData()
    {
        Assert.Equal(StreamEventParser.Kind.Done, StreamEventParser.Classify(default, Utf8("[DONE]")));
        Assert.Equal(StreamEventParser.Kind.Unknown, StreamEventParser.Classify(default, Utf8("[DONE] ")));
    }

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"Gr\u00fc\u00dfe \"\ud83d\ude42\"\n"}}""")]
    [InlineData("""{"delta":{"text":"Gr\u00fc\u00dfe \"\ud83d\ude42\"\n","type":"text_delta"},"index":3,"type":"content_block_delta"}""")]
    [InlineData("""{ "index" : 3 , "extra": [1, {"a": null}], "delta" : { "type" : "text_delta", "unknown": true, "text" : "Grüße \"🙂\"\n" } }""")]
    public void TextDeltasAreReadInAnyPropertyOrderWithEscapes(string data)
    {
        MessageStreamEvent parsed = StreamEventParser.Parse(StreamEventParser.Kind.ContentBlockDelta, Utf8("content_block_delta"), Utf8(data));

        ContentBlockDeltaEvent delta = Assert.IsType<ContentBlockDeltaEvent>(parsed);
        Assert.Equal(3, delta.Index);
        Assert.Equal("Grüße \"🙂\"\n", Assert.IsType<TextDelta>(delta.Delta).Text);
    }

    [Fact]
    public void UnknownFieldsOfATextDeltaAreKept()
    {
        MessageStreamEvent parsed = StreamEventParser.Parse(
            StreamEventParser.Kind.ContentBlockDelta,
            default,
            Utf8("""{"type":"content_block_delta","index":0,"trace":"t1","delta":{"type":"text_delta","text":"Hi","logprob":-0.25}}"""));

        ContentBlockDeltaEvent delta = Assert.IsType<ContentBlockDeltaEvent>(parsed);
        Assert.Equal("Hi", Assert.IsType<TextDelta>(delta.Delta).Text);
        Assert.Equal("t1", delta.AdditionalProperties!["trace"].GetString());
        Assert.Equal(-0.25, delta.Delta.AdditionalProperties!["logprob"].GetDouble());
    }

    [Theory]
    [InlineData("ping", """{"type": "ping"}""")]
    [InlineData("message_stop", """{"type":"message_stop"}""")]
    [InlineData("ping", "")]
    [InlineData("ping", "keep-alive")]
    public void BarePingsAndStopsAreTheSharedEventsAndNeverFail(string name, string data)
    {
        MessageStreamEvent parsed = StreamEventParser.Parse(StreamEventParser.Classify(Utf8(name), Utf8(data)), Utf8(name), Utf8(data));

        Assert.Equal(name, parsed.Type);
        Assert.Null(parsed.AdditionalProperties);
    }

    [Fact]
    public void APingWithMoreToSayKeepsIt()
    {
        MessageStreamEvent parsed = StreamEventParser.Parse(StreamEventParser.Kind.Ping, Utf8("ping"), Utf8("""{"type":"ping","server_time":12}"""));

        Assert.IsType<PingEvent>(parsed);
        Assert.Equal(12, parsed.AdditionalProperties!["server_time"].GetInt32());
    }

    [Fact]
    public void ToolArgumentFragmentsAreReadAsTheirRawText()
    {
        MessageStreamEvent parsed = StreamEventParser.Parse(
            StreamEventParser.Kind.ContentBlockDelta,
            default,
            Utf8("""{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"K\u00f6"}}"""));

        Assert.Equal("{\"city\": \"Kö", Assert.IsType<InputJsonDelta>(Assert.IsType<ContentBlockDeltaEvent>(parsed).Delta).PartialJson);
    }

    [Fact]
    public void AFragmentReadFromAStreamEqualsOneMadeFromItsText()
    {
        MessageStreamEvent parsed = StreamEventParser.Parse(
            StreamEventParser.Kind.ContentBlockDelta,
            default,
            Utf8("""{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"Gr\u00fc\u00dfe\\n 東京\""}}"""));

        var fromStream = (InputJsonDelta)((ContentBlockDeltaEvent)parsed).Delta;
        var fromText = new InputJsonDelta("\"Grüße\\n 東京\"");

        Assert.Equal(fromText, fromStream);
        Assert.Equal(fromText.GetHashCode(), fromStream.GetHashCode());
        Assert.Equal(fromText.PartialJson, fromStream.PartialJson);
        Assert.Equal("x", (fromStream with { PartialJson = "x" }).PartialJson);
    }

    [Fact]
    public void AFragmentThatIsNotValidUtf8IsAJsonException()
    {
        byte[] data = [.. Utf8("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\": \\\""), 0xC3, 0x28, .. Utf8("\\\"}\"}}")];

        Assert.ThrowsAny<JsonException>(() => StreamEventParser.Parse(StreamEventParser.Kind.ContentBlockDelta, default, data));
    }

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","text":""}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":null}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta"}}""")]
    public void AToolDeltaWithoutItsFragmentIsAJsonException(string data)
    {
        // The record's constructor refuses a null fragment; that must not reach the caller as an ArgumentException.
        JsonException error = Assert.ThrowsAny<JsonException>(() => StreamEventParser.Parse(StreamEventParser.Kind.ContentBlockDelta, default, Utf8(data)));
        Assert.Contains("PartialJson", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta"}}""", "\"text\"")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":null}}""", "\"text\"")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":null}}""", "\"thinking\"")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta"}}""", "\"signature\"")]
    public void ADeltaWithoutItsStringIsAJsonExceptionNotANullForTheCaller(string data, string member)
    {
        JsonException error = Assert.ThrowsAny<JsonException>(() => StreamEventParser.Parse(StreamEventParser.Kind.ContentBlockDelta, default, Utf8(data)));
        Assert.Contains(member, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherDeltasTakeTheGeneralPath()
    {
        MessageStreamEvent thinking = StreamEventParser.Parse(StreamEventParser.Kind.ContentBlockDelta, default, Utf8("""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}"""));
        MessageStreamEvent unknown = StreamEventParser.Parse(StreamEventParser.Kind.ContentBlockDelta, default, Utf8("""{"type":"content_block_delta","index":0,"delta":{"type":"compaction_delta","content":"x"}}"""));

        Assert.Equal("hmm", Assert.IsType<ThinkingDelta>(Assert.IsType<ContentBlockDeltaEvent>(thinking).Delta).Thinking);
        Assert.IsType<UnknownDelta>(Assert.IsType<ContentBlockDeltaEvent>(unknown).Delta);
    }

    [Fact]
    public void AMessageStartCarriesTheMessage()
    {
        MessageStreamEvent parsed = StreamEventParser.Parse(
            StreamEventParser.Kind.MessageStart,
            default,
            Utf8("""{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"gemma4-26b","content":[],"usage":{"input_tokens":5,"output_tokens":0}}}"""));

        MessageStartEvent start = Assert.IsType<MessageStartEvent>(parsed);
        Assert.Equal("msg_1", start.Message.Id);
        Assert.Equal("gemma4-26b", start.Message.Model);
    }

    [Fact]
    public void AMessageDeltaWithoutDeltaIsUsageOnly()
    {
        MessageStreamEvent parsed = StreamEventParser.Parse(StreamEventParser.Kind.MessageDelta, default, Utf8("""{"type":"message_delta","usage":{"output_tokens":7}}"""));

        MessageDeltaEvent delta = Assert.IsType<MessageDeltaEvent>(parsed);
        Assert.Null(delta.Delta.StopReason);
        Assert.Equal(7, delta.Usage!.OutputTokens);
    }

    [Theory]
    [InlineData(nameof(StreamEventParser.Kind.MessageStart), """{"type":"message_start"}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockStart), """{"type":"content_block_start","index":0}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockDelta), """{"type":"content_block_delta","index":0}""")]
    [InlineData(nameof(StreamEventParser.Kind.ContentBlockDelta), """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""")]
    [InlineData(nameof(StreamEventParser.Kind.MessageStart), "null")]
    public void DataThatIsNotItsEventTypeIsAJsonException(string kind, string data)
    {
        Assert.ThrowsAny<JsonException>(() => StreamEventParser.Parse(Enum.Parse<StreamEventParser.Kind>(kind), default, Utf8(data)));
    }

    [Fact]
    public void AnUnknownEventKeepsItsNameAndData()
    {
        UnknownStreamEvent parsed = Assert.IsType<UnknownStreamEvent>(
            StreamEventParser.Parse(StreamEventParser.Kind.Unknown, Utf8("compaction"), Utf8("""{"type":"compaction","n":1}""")));

        Assert.Equal("compaction", parsed.Type);
        Assert.Equal(1, parsed.Data.GetProperty("n").GetInt32());
    }

    [Fact]
    public void AnUnknownEventWhoseDataIsNotJsonKeepsItsName()
    {
        UnknownStreamEvent parsed = Assert.IsType<UnknownStreamEvent>(StreamEventParser.Parse(StreamEventParser.Kind.Unknown, Utf8("custom"), Utf8("plain text")));

        Assert.Equal("custom", parsed.Type);
        Assert.Equal(JsonValueKind.Undefined, parsed.Data.ValueKind);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
