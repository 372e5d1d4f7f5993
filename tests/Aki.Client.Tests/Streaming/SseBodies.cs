using System.Text.Json;

namespace Aki.Client.Tests.Streaming;

/// <summary>Builds SSE bodies event by event for the behaviour tests.</summary>
internal static class SseBodies
{
    public static string Event(string name, string data) => $"event: {name}\ndata: {data}\n\n";

    public static string MessageStart(string model = AkiModels.Gemma4_26B, int inputTokens = 12) =>
        Event("message_start", $"{{\"type\":\"message_start\",\"message\":{{\"id\":\"msg_behaviour\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"{model}\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{{\"input_tokens\":{inputTokens},\"output_tokens\":1}}}}}}");

    public static string TextStart(int index = 0) =>
        Event("content_block_start", $"{{\"type\":\"content_block_start\",\"index\":{index},\"content_block\":{{\"type\":\"text\",\"text\":\"\"}}}}");

    public static string Text(string text, int index = 0) =>
        Event("content_block_delta", $"{{\"type\":\"content_block_delta\",\"index\":{index},\"delta\":{{\"type\":\"text_delta\",\"text\":{JsonSerializer.Serialize(text)}}}}}");

    public static string BlockStop(int index = 0) => Event("content_block_stop", $"{{\"type\":\"content_block_stop\",\"index\":{index}}}");

    public static string Ping() => Event("ping", "{\"type\": \"ping\"}");

    public static string MessageDelta(string stopReason = "end_turn", int outputTokens = 9) =>
        Event("message_delta", $"{{\"type\":\"message_delta\",\"delta\":{{\"stop_reason\":\"{stopReason}\",\"stop_sequence\":null}},\"usage\":{{\"output_tokens\":{outputTokens}}}}}");

    public static string MessageStop() => Event("message_stop", "{\"type\":\"message_stop\"}");

    /// <summary>A complete text answer: start, one text block with the given deltas, stop.</summary>
    public static string TextAnswer(params string[] deltas) =>
        MessageStart() + TextStart() + string.Concat(deltas.Select(d => Text(d))) + BlockStop() + MessageDelta() + MessageStop();

    /// <summary>Everything of <see cref="TextAnswer"/> up to and including the deltas: a stream that stops mid-block.</summary>
    public static string CutAfter(params string[] deltas) =>
        MessageStart() + TextStart() + string.Concat(deltas.Select(d => Text(d)));
}
