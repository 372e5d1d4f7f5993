using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Aki.Client.Tests.Diagnostics;

/// <summary>Message content reaches spans and logs only under <see cref="AkiClientOptions.CaptureMessageContent"/>.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class ContentCaptureTests
{
    private const string ToolAnswer = """
        {"id":"msg_tool","type":"message","role":"assistant","model":"gemma4-26b",
         "content":[{"type":"thinking","thinking":"The user wants weather.","signature":"sig"},
                    {"type":"text","text":"Let me look."},
                    {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Berlin"}}],
         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":20}}
        """;

    private static readonly MessageRequest s_request = new()
    {
        Model = AkiModels.Gemma4_26B,
        Tools = [Tool.FromJsonSchema("get_weather", "Weather for a city", """{"type":"object","properties":{"city":{"type":"string"}}}""")],
        System = "Answer briefly.",
        Messages =
        [
            MessageParam.User("What is the weather in Berlin?"),
            MessageParam.Assistant(new ToolUseBlock("toolu_0", "get_weather", JsonDocument.Parse("""{"city":"Bonn"}""").RootElement)),
            MessageParam.User(new ToolResultBlock("toolu_0") { Content = "Sunny, 21 °C" }),
        ],
    };

    [Fact]
    public async Task WithTheOptInTheSpanCarriesInputSystemAndOutputMessagesInTheConventionsShape()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, ToolAnswer);
        using var client = new AkiClient(capture.Options(o => o.CaptureMessageContent = true), mock.Handler.ToHttpClient());

        await client.Messages.CreateAsync(s_request);

        Activity span = capture.SingleCall;
        JsonAssert.Equivalent(
            """
            [{"role":"user","parts":[{"type":"text","content":"What is the weather in Berlin?"}]},
             {"role":"assistant","parts":[{"type":"tool_call","id":"toolu_0","name":"get_weather","arguments":{"city":"Bonn"}}]},
             {"role":"user","parts":[{"type":"tool_call_response","id":"toolu_0","response":"Sunny, 21 °C"}]}]
            """,
            (string)span.Tag("gen_ai.input.messages")!);
        JsonAssert.Equivalent("""[{"type":"text","content":"Answer briefly."}]""", (string)span.Tag("gen_ai.system_instructions")!);
        JsonAssert.Equivalent(
            """
            [{"role":"assistant","parts":[{"type":"reasoning","content":"The user wants weather."},
                                          {"type":"text","content":"Let me look."},
                                          {"type":"tool_call","id":"toolu_1","name":"get_weather","arguments":{"city":"Berlin"}}],
              "finish_reason":"tool_call"}]
            """,
            (string)span.Tag("gen_ai.output.messages")!);
        Assert.Equal("[\"tool_use\"]", span.Tag("gen_ai.response.finish_reasons"));
        JsonAssert.Equivalent(
            """[{"type":"function","name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]""",
            (string)span.Tag("gen_ai.tool.definitions")!);
        Assert.DoesNotContain(span.TagObjects, tag => tag.Value is string text && text.Contains(MockAki.ApiKey, StringComparison.Ordinal));

        var request = Assert.Single(capture.LogRecords, r => r.Id.Id == 2004);
        Assert.Equal(LogLevel.Trace, request.Level);
        Assert.Contains("What is the weather in Berlin?", request.Message, StringComparison.Ordinal);
        var response = Assert.Single(capture.LogRecords, r => r.Id.Id == 2005);
        Assert.Contains("Let me look.", response.Message, StringComparison.Ordinal);
        Assert.All(capture.LogRecords, r => Assert.DoesNotContain(MockAki.ApiKey, r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutTheOptInNoSpanAttributeOrLogEntryCarriesContent()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, ToolAnswer);
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        await client.Messages.CreateAsync(s_request);

        Activity span = capture.SingleCall;
        span.HasNoTag("gen_ai.input.messages");
        span.HasNoTag("gen_ai.output.messages");
        span.HasNoTag("gen_ai.system_instructions");
        JsonAssert.Equivalent("""[{"type":"function","name":"get_weather"}]""", (string)span.Tag("gen_ai.tool.definitions")!);
        Assert.All(span.TagObjects, tag => Assert.False(tag.Value is string text && (text.Contains("Berlin", StringComparison.Ordinal) || text.Contains("Let me look", StringComparison.Ordinal) || text.Contains("Weather for", StringComparison.Ordinal))));
        Assert.NotEmpty(capture.LogRecords);
        Assert.All(capture.LogRecords, r =>
        {
            Assert.DoesNotContain("Berlin", r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Let me look", r.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AStreamWithTheOptInRecordsTheAccumulatedAnswer()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.ReplyRaw(HttpStatusCode.OK, TestStreams.Complete("Streamed words"), "text/event-stream");
        using var client = new AkiClient(capture.Options(o => o.CaptureMessageContent = true), mock.Handler.ToHttpClient());

        await client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync();

        JsonAssert.Equivalent(
            """[{"role":"assistant","parts":[{"type":"text","content":"Streamed words"}],"finish_reason":"stop"}]""",
            (string)capture.SingleCall.Tag("gen_ai.output.messages")!);
    }
}
