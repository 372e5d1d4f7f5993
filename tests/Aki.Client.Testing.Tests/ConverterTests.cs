using System.Text;
using System.Text.Json.Nodes;

namespace Aki.Client.Testing.Tests;

public class ConverterTests
{
    [Fact]
    public void RawSseIsCutAtBlankLinesKeepingEveryByte()
    {
        const string sse = ": comment\r\nevent: message_start\r\ndata: {\"type\":\"message_start\"}   \r\n\r\n\nevent: ping\ndata: {\"type\": \"ping\"}\n\ndata: {\"type\":\"message_stop\"}\n\n\n";

        List<SseFrame> frames = SseFrames.Split(sse);

        Assert.Equal(sse, string.Concat(frames.Select(f => Encoding.UTF8.GetString(f.Bytes))));
        Assert.Equal(["message_start", "ping", null], frames.Select(f => f.EventName));
        Assert.Equal("{\"type\":\"message_start\"}   ", frames[0].Data);
    }

    [Fact]
    public void MultiLineDataIsWrittenAsSeveralDataLines()
    {
        SseFrame frame = SseFrames.Create("note", "one\ntwo");

        Assert.Equal("event: note\ndata: one\ndata: two\n\n", Encoding.UTF8.GetString(frame.Bytes));
    }

    [Fact]
    public void FoldingJoinsDeltasParsesToolInputAndTakesTheLastUsage()
    {
        List<SseFrame> frames =
        [
            Frame("""{"type":"message_start","message":{"id":"chatcmpl-1","type":"message","role":"assistant","content":[],"model":"m","stop_reason":null,"usage":{"input_tokens":0,"output_tokens":0}}}"""),
            Frame("""{"type":"content_block_start","content_block":{"type":"text","text":"Hi"},"index":0}"""),
            Frame("""{"type":"content_block_delta","delta":{"type":"text_delta","text":" there"},"index":0}"""),
            Frame("""{"type":"content_block_start","content_block":{"type":"tool_use","id":"t1","name":"f","input":{}},"index":1}"""),
            Frame("""{"type":"content_block_start","content_block":{"type":"tool_use","id":"t2","name":"g","input":{}},"index":2}"""),
            Frame("""{"type":"content_block_delta","delta":{"type":"input_json_delta","partial_json":"{\"a\":"},"index":1}"""),
            Frame("""{"type":"content_block_delta","delta":{"type":"input_json_delta","partial_json":""},"index":2}"""),
            Frame("""{"type":"content_block_delta","delta":{"type":"input_json_delta","partial_json":"1}"},"index":1}"""),
            Frame("""{"type":"content_block_stop","index":1}"""),
            Frame("""{"type":"content_block_stop","index":2}"""),
            Frame("""{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"input_tokens":10,"output_tokens":5}}"""),
            Frame("""{"type":"message_stop"}"""),
        ];

        (int status, byte[] body) = MessageStreamConverter.Fold(frames);

        Assert.Equal(200, status);
        JsonNode message = JsonNode.Parse(body)!;
        Assert.Equal("Hi there", (string?)message["content"]![0]!["text"]);
        Assert.Equal(1, (int)message["content"]![1]!["input"]!["a"]!);
        Assert.Empty(message["content"]![2]!["input"]!.AsObject());
        Assert.Equal("tool_use", (string?)message["stop_reason"]);
        Assert.Equal(10, (int)message["usage"]!["input_tokens"]!);
    }

    [Fact]
    public void SpelledOutStreamFoldsBackIntoTheSameMessage()
    {
        const string json = """{"id":"chatcmpl-2","type":"message","role":"assistant","content":[{"type":"thinking","thinking":"Hm.","signature":"abc"},{"type":"text","text":"Yes."},{"type":"tool_use","id":"t","name":"f","input":{"x":[1,2]}}],"model":"m","stop_reason":"tool_use","usage":{"input_tokens":3,"output_tokens":4}}""";

        List<SseFrame> frames = MessageStreamConverter.Synthesize(Encoding.UTF8.GetBytes(json));
        (_, byte[] folded) = MessageStreamConverter.Fold(frames);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(folded)), Encoding.UTF8.GetString(folded));
        Assert.Equal("message_stop", frames[^1].EventName);
    }

    private static SseFrame Frame(string data) => SseFrames.Create((string?)JsonNode.Parse(data)!["type"], data);
}
