using System.Text;
using System.Text.Json;

namespace Aki.Client.Benchmarks;

/// <summary>In-memory <c>text/event-stream</c> bodies shaped like AKI.IO's streams.</summary>
internal static class StreamBodies
{
    // About 20 characters a delta, as AKI.IO's models send them: mixed ASCII, non-ASCII (German, Greek, CJK, emoji)
    // and characters JSON must escape.
    private static readonly string[] s_pieces =
    [
        "Hello world, this is", " a streamed answer. ", " Grüße aus Köln — αβ", "γ and 東京 too 🙂 ok ",
        " \"quoted\" tab\tand\nnl", " back\\slash, 42 tok", "ens per second, and ", "more text follows...",
    ];

    /// <summary>The average number of characters a text delta carries.</summary>
    public static double AverageDeltaLength => s_pieces.Average(piece => piece.Length);

    public static byte[] Text(int deltas)
    {
        var body = new StringBuilder(deltas * 110);
        Start(body);
        Event(body, "content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
        for (int i = 0; i < deltas; i++)
        {
            string text = JsonSerializer.Serialize(s_pieces[i % s_pieces.Length], BenchmarkJson.Default.String);
            Event(body, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + text + "}}");
        }

        Event(body, "content_block_stop", """{"type":"content_block_stop","index":0}""");
        Stop(body, "end_turn", deltas);
        return Encoding.UTF8.GetBytes(body.ToString());
    }

    public static byte[] ToolUse(int fragments)
    {
        var body = new StringBuilder(fragments * 110);
        Start(body);
        Event(body, "content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"chatcmpl-tool-1","name":"search","input":{}}}""");
        Event(body, "content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"items\": ["}}""");
        for (int i = 0; i < fragments; i++)
        {
            string fragment = (i == 0 ? string.Empty : ", ") + "{\"id\": " + i + ", \"q\": \"Köln " + i + "\"}";
            Event(body, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + JsonSerializer.Serialize(fragment, BenchmarkJson.Default.String) + "}}");
        }

        Event(body, "content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"]}"}}""");
        Event(body, "content_block_stop", """{"type":"content_block_stop","index":0}""");
        Stop(body, "tool_use", fragments);
        return Encoding.UTF8.GetBytes(body.ToString());
    }

    /// <summary>A non-streaming message of about <paramref name="approximateBytes"/> bytes of JSON.</summary>
    public static byte[] Message(int approximateBytes)
    {
        var text = new StringBuilder(approximateBytes);
        int i = 0;
        while (text.Length < approximateBytes - 400)
        {
            text.Append(s_pieces[i++ % s_pieces.Length]);
        }

        string json = "{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"gemma4-26b\",\"content\":[{\"type\":\"text\",\"text\":"
            + JsonSerializer.Serialize(text.ToString(), BenchmarkJson.Default.String)
            + "}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":120,\"output_tokens\":" + i + "}}";
        return Encoding.UTF8.GetBytes(json);
    }

    private static void Start(StringBuilder body) =>
        Event(body, "message_start", """{"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","model":"gemma4-26b","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":120,"output_tokens":0}}}""");

    private static void Stop(StringBuilder body, string stopReason, int outputTokens)
    {
        Event(body, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}");
        Event(body, "message_stop", """{"type":"message_stop"}""");
    }

    private static void Event(StringBuilder body, string name, string data) =>
        body.Append("event: ").Append(name).Append('\n').Append("data: ").Append(data).Append("\n\n");
}
