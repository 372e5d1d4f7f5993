namespace Aki.Client.Tests;

/// <summary>SSE bodies shaped like AKI.IO's streams, whole or cut off.</summary>
internal static class TestStreams
{
    /// <summary>message_start, a text block start and one delta: what arrives before a stream breaks.</summary>
    public static string Start(string text = "The answer starts") =>
        "event: message_start\n" +
        "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"gemma4-26b\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":0}}}\n\n" +
        "event: content_block_start\n" +
        "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: content_block_delta\n" +
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n";

    /// <summary>The rest of a stream started by <see cref="Start"/>.</summary>
    public const string End =
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":5}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    /// <summary>An error event in the middle of a stream, as Anthropic-compatible servers send it.</summary>
    public const string ErrorEvent =
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";

    /// <summary>A complete stream answering <paramref name="text"/>.</summary>
    public static string Complete(string text = "Hello!") => Start(text) + End;
}
