using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aki.Client.Tests.Messages;

/// <summary>Tools with and without a schema, server tools, raw tools, cache control, file sources and thinking display on the wire.</summary>
public class ToolVariantTests
{
    [Fact]
    public async Task ServerToolsAndRawToolsAreSentAsTheApiDefinesThem()
    {
        MessageRequest request = TestRequests.Hello() with
        {
            Tools =
            [
                Tool.FromJsonSchema("get_weather", "Weather by city", """{"type":"object","properties":{"city":{"type":"string"}}}""") with { Strict = true, CacheControl = CacheControl.Ephemeral },
                new WebSearchTool { MaxUses = 2, AllowedDomains = ["example.com"] },
                new CodeExecutionTool(),
                new ComputerTool(1280, 800) { DisplayNumber = 1 },
                new TextEditorTool { MaxCharacters = 5000 },
                new BashTool { CacheControl = CacheControl.EphemeralFor("1h") },
                RawTool.Parse("""{"type":"web_fetch_20250910","name":"web_fetch","max_uses":1}"""),
            ],
        };

        string body = await TestRequests.SendAndCaptureBodyAsync(request);

        JsonAssert.Equivalent(
            """
            [
              {"name":"get_weather","description":"Weather by city","input_schema":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true,"cache_control":{"type":"ephemeral"}},
              {"type":"web_search_20250305","name":"web_search","max_uses":2,"allowed_domains":["example.com"]},
              {"type":"code_execution_20250825","name":"code_execution"},
              {"type":"computer_20250124","name":"computer","display_width_px":1280,"display_height_px":800,"display_number":1},
              {"type":"text_editor_20250728","name":"str_replace_based_edit_tool","max_characters":5000},
              {"type":"bash_20250124","name":"bash","cache_control":{"type":"ephemeral","ttl":"1h"}},
              {"type":"web_fetch_20250910","name":"web_fetch","max_uses":1}
            ]
            """,
            JsonAssert.Property(body, "tools").ToJsonString());
    }

    [Fact]
    public void ToolsReadFromJsonGetTheirTypedRecordsWhateverTheVersion()
    {
        MessageRequest request = AkiJson.ParseRequest("""
            {"model":"m","messages":[{"role":"user","content":"Hi"}],"tools":[
              {"name":"a","input_schema":{"type":"object"}},
              {"type":"custom","name":"b","input_schema":{"type":"object"}},
              {"type":"web_search_20260101","name":"web_search","max_uses":5},
              {"type":"code_execution_20250522","name":"code_execution"},
              {"type":"computer_20251124","name":"computer","display_width_px":10,"display_height_px":20,"enable_zoom":true},
              {"type":"text_editor_20250124","name":"str_replace_editor"},
              {"type":"bash_20241022","name":"bash"},
              {"type":"memory_20250818","name":"memory"},
              {"name":"no_schema"}
            ]}
            """);

        IReadOnlyList<ToolDefinition> tools = request.Tools!;
        Assert.Null(Assert.IsType<Tool>(tools[0]).Type);
        Assert.Equal("custom", Assert.IsType<Tool>(tools[1]).Type);
        Assert.Equal(("web_search_20260101", 5), (Assert.IsType<WebSearchTool>(tools[2]).Type, ((WebSearchTool)tools[2]).MaxUses!.Value));
        Assert.IsType<CodeExecutionTool>(tools[3]);
        ComputerTool computer = Assert.IsType<ComputerTool>(tools[4]);
        Assert.Equal((10, 20), (computer.DisplayWidthPx, computer.DisplayHeightPx));
        Assert.True(computer.AdditionalProperties!["enable_zoom"].GetBoolean());
        Assert.Equal("str_replace_editor", Assert.IsType<TextEditorTool>(tools[5]).Name);
        Assert.IsType<BashTool>(tools[6]);
        Assert.Equal(("memory_20250818", "memory"), (Assert.IsType<RawTool>(tools[7]).Type, ((RawTool)tools[7]).Name));
        Assert.Equal("no_schema", Assert.IsType<RawTool>(tools[8]).Name);
    }

    [Fact]
    public async Task CacheControlFileSourcesAndThinkingDisplayAreSent()
    {
        MessageRequest request = TestRequests.Hello() with
        {
            System = new[] { new TextBlock("Long instructions.") { CacheControl = CacheControl.EphemeralFor("1h") } },
            Messages =
            [
                MessageParam.User(
                    new ImageBlock(ImageSource.FromFile("file_img")) { CacheControl = CacheControl.Ephemeral },
                    new DocumentBlock(DocumentSource.FromFile("file_doc")) { CacheControl = CacheControl.Ephemeral },
                    new TextBlock("Compare them.") { CacheControl = CacheControl.Ephemeral }),
                MessageParam.Assistant(new ToolUseBlock("t1", "calc", JsonDocument.Parse("{}").RootElement) { CacheControl = CacheControl.Ephemeral }),
                MessageParam.User(new ToolResultBlock("t1") { Content = "4", CacheControl = CacheControl.Ephemeral }),
            ],
            Thinking = ThinkingConfig.Enabled(2048) with { Display = "omitted" },
        };

        string body = await TestRequests.SendAndCaptureBodyAsync(request);

        JsonAssert.Equivalent("""[{"type":"text","text":"Long instructions.","cache_control":{"type":"ephemeral","ttl":"1h"}}]""", JsonAssert.Property(body, "system").ToJsonString());
        JsonNode messages = JsonAssert.Property(body, "messages");
        JsonAssert.Equivalent(JsonNode.Parse("""{"type":"file","file_id":"file_img"}"""), messages[0]!["content"]![0]!["source"]);
        JsonAssert.Equivalent(JsonNode.Parse("""{"type":"file","file_id":"file_doc"}"""), messages[0]!["content"]![1]!["source"]);
        foreach (JsonNode? block in new[] { messages[0]!["content"]![0], messages[0]!["content"]![1], messages[0]!["content"]![2], messages[1]!["content"]![0], messages[2]!["content"]![0] })
        {
            JsonAssert.Equivalent(JsonNode.Parse("""{"type":"ephemeral"}"""), block!["cache_control"]);
        }

        JsonAssert.Equivalent(JsonNode.Parse("""{"type":"enabled","budget_tokens":2048,"display":"omitted"}"""), JsonAssert.Property(body, "thinking"));
    }

    [Fact]
    public void AnAssistantTurnEchoesUnknownFieldsOfKnownBlocks()
    {
        Message message = AkiJson.ParseMessage("""
            {"id":"m","type":"message","role":"assistant","model":"x","content":[{"type":"tool_use","id":"t","name":"n","input":{},"caller":{"type":"direct"}}],
             "stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}}
            """);

        byte[] sent = AkiJson.SerializeToUtf8Bytes(TestRequests.Hello() with { Messages = [MessageParam.User("Hi"), MessageParam.Assistant(message)] });

        JsonAssert.Equivalent(JsonNode.Parse("""{"type":"direct"}"""), JsonNode.Parse(sent)!["messages"]![1]!["content"]![0]!["caller"]);
    }
}
