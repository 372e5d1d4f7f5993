namespace Aki.Client.Tests;

/// <summary>Response bodies shaped like AKI.IO's (vLLM behind an Anthropic-compatible front) and Anthropic's.</summary>
internal static class TestResponses
{
    public static string Text(string model, string text) =>
        $$$"""
        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"{{{model}}}",
         "content":[{"type":"text","text":"{{{text}}}"}],
         "stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":12,"output_tokens":6}}
        """;
}
