using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aki.Client.Tests.Serialization;

/// <summary>The public JSON entry point: requests, messages and events in wire form, and its errors.</summary>
public class AkiJsonTests
{
    [Fact]
    public void EventThroughItsBaseTypeIsWrittenWhole()
    {
        MessageStreamEvent streamEvent = new ContentBlockDeltaEvent(0, new TextDelta("Hi"));

        Assert.Equal("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}""", Encoding.UTF8.GetString(AkiJson.SerializeToUtf8Bytes(streamEvent)));
        Assert.Equal("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n", Encoding.UTF8.GetString(AkiJson.ToServerSentEvent(streamEvent)));
    }

    [Fact]
    public void EventNestedInACallersTypeIsWrittenWholeByAnyJsonContext()
    {
        // The converter on the base type, not the caller's metadata, writes the event.
        string json = JsonSerializer.Serialize<MessageStreamEvent>(new MessageDeltaEvent(new MessageDelta { StopReason = StopReason.EndTurn }) { Usage = new MessageDeltaUsage { OutputTokens = 3 } }, TestJsonContext.Default.MessageStreamEvent);

        JsonAssert.Equivalent("""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}""", json);
        Assert.IsType<MessageDeltaEvent>(JsonSerializer.Deserialize(json, TestJsonContext.Default.MessageStreamEvent));
    }

    [Fact]
    public void ParsedRequestSaysWhetherItAskedForAStream()
    {
        Assert.True(AkiJson.ParseRequest("""{"model":"m","stream":true,"messages":[{"role":"user","content":"Hi"}]}""").IsStreamRequested);
        Assert.False(AkiJson.ParseRequest("""{"model":"m","messages":[{"role":"user","content":"Hi"}]}""").IsStreamRequested);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[""", "not an Anthropic Messages request")]
    [InlineData("""{"messages":[]}""", "model")]
    [InlineData("null", "null")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":42}]}""", "content")]
    public void BodyThatIsNotARequestIsAnArgumentException(string body, string mentioned)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => AkiJson.ParseRequest(body));

        Assert.Contains(mentioned, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventDataOfTheWrongShapeIsAnArgumentException()
    {
        Assert.Throws<ArgumentException>(() => AkiJson.ParseEvent("content_block_delta", """{"type":"content_block_delta","index":0}"""u8));
        Assert.Throws<ArgumentException>(() => AkiJson.ParseMessage("[1]"));
    }

    [Fact]
    public async Task ErrorEventsAndDoneAreReadAsTheyCome()
    {
        byte[] body = Encoding.UTF8.GetBytes("event: ping\ndata: {\"type\":\"ping\",\"seq\":1}\n\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\ndata: [DONE]\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\n");
        var events = new List<MessageStreamEvent>();

        await foreach (MessageStreamEvent streamEvent in AkiJson.ReadServerSentEventsAsync(new MemoryStream(body)))
        {
            events.Add(streamEvent);
        }

        Assert.Equal(2, events.Count);
        Assert.Equal(1, Assert.IsType<PingEvent>(events[0]).AdditionalProperties!["seq"].GetInt32());
        UnknownStreamEvent error = Assert.IsType<UnknownStreamEvent>(events[1]);
        Assert.Equal("error", error.EventType);
        Assert.Equal("overloaded_error", error.Data.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public void HotDeltasKeepUnknownFieldsThroughAkiJson()
    {
        MessageStreamEvent streamEvent = AkiJson.ParseEvent("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"a","x":1},"y":2}"""u8);

        var delta = Assert.IsType<ContentBlockDeltaEvent>(streamEvent);
        Assert.Equal(1, delta.Delta.AdditionalProperties!["x"].GetInt32());
        Assert.Equal(2, delta.AdditionalProperties!["y"].GetInt32());
    }

    [Fact]
    public void NonAsciiTextIsWrittenAsUtf8AsTheApiDoes()
    {
        byte[] json = AkiJson.SerializeToUtf8Bytes(new ContentBlockDeltaEvent(0, new TextDelta("Grüße <b> & 'x'")));

        Assert.Contains("Grüße <b> & 'x'", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal("Grüße <b> & 'x'", JsonNode.Parse(json)!["delta"]!["text"]!.GetValue<string>());
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(MessageStreamEvent))]
internal sealed partial class TestJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
