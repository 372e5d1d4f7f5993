using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Aki.Client.Tests.ChatClient;

/// <summary>Every row of the request mapping, checked on the wire.</summary>
public sealed class RequestMappingTests : IDisposable
{
    private readonly ChatClientHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task InstructionsComeFirstThenSystemMessagesAsTheTopLevelSystem()
    {
        JsonObject body = await _harness.SendAsync(
            new ChatOptions { Instructions = "Answer in German." },
            new ChatMessage(ChatRole.System, "You are terse."),
            new ChatMessage(ChatRole.User, "Hello"),
            new ChatMessage(ChatRole.System, "Never use emoji."));

        JsonAssert.Equivalent(
            """[{"type":"text","text":"Answer in German."},{"type":"text","text":"You are terse."},{"type":"text","text":"Never use emoji."}]""",
            body["system"]!.ToJsonString());
        JsonAssert.Equivalent("""[{"role":"user","content":[{"type":"text","text":"Hello"}]}]""", body["messages"]!.ToJsonString());
    }

    [Fact]
    public async Task ASingleSystemTextIsSentAsAString()
    {
        JsonObject body = await _harness.SendAsync([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")]);

        Assert.Equal("Be brief.", body["system"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheWholeBodyOfASimpleCall()
    {
        JsonObject body = await _harness.SendAsync(
            new ChatOptions { MaxOutputTokens = 300, Temperature = 0.7f, TopP = 0.9f, TopK = 40, StopSequences = ["END"], Seed = 42 },
            new ChatMessage(ChatRole.User, "Hello"));

        JsonAssert.Equivalent(
            """
            {"model":"gemma4-26b","max_tokens":300,"temperature":0.7,"top_p":0.9,"top_k":40,"stop_sequences":["END"],
             "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}
            """,
            body.ToJsonString());
    }

    [Fact]
    public async Task WithoutMaxOutputTokensTheSdkDefaultIsSent()
    {
        JsonObject body = await _harness.SendAsync([new(ChatRole.User, "Hello")]);

        // The SDK's documented default: min(8192, the model's output limit).
        Assert.True(body["max_tokens"]!.GetValue<int>() is > 0 and <= 8192);
    }

    [Fact]
    public async Task ModelIdOverridesTheDefault()
    {
        JsonObject body = await _harness.SendAsync(new ChatOptions { ModelId = AkiModels.Qwen36_35B }, new ChatMessage(ChatRole.User, "Hi"));

        Assert.Equal(AkiModels.Qwen36_35B, body["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task NoModelAnywhereIsAnArgumentExceptionThatSaysWhereToSetOne()
    {
        using var harness = new ChatClientHarness(defaultModel: null);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => harness.Chat.GetResponseAsync("Hi"));

        Assert.Contains("ChatOptions.ModelId", e.Message);
        Assert.Contains("AsIChatClient", e.Message);
        Assert.Empty(harness.Mock.Requests);
    }

    [Fact]
    public async Task ConsecutiveMessagesOfOneRoleBecomeOneTurn()
    {
        JsonObject body = await _harness.SendAsync(
        [
            new(ChatRole.User, "First"),
            new(ChatRole.User, "Second"),
            new(ChatRole.Assistant, "A"),
            new(ChatRole.Assistant, "B"),
            new(ChatRole.User, "Third"),
        ]);

        JsonAssert.Equivalent(
            """
            [{"role":"user","content":[{"type":"text","text":"First"},{"type":"text","text":"Second"}]},
             {"role":"assistant","content":[{"type":"text","text":"A"},{"type":"text","text":"B"}]},
             {"role":"user","content":[{"type":"text","text":"Third"}]}]
            """,
            body["messages"]!.ToJsonString());
    }

    [Fact]
    public async Task ToolCallsAndResultsBecomeToolUseAndAUserTurnOfToolResults()
    {
        JsonObject body = await _harness.SendAsync(
        [
            new(ChatRole.User, "Weather and time in Vienna?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Vienna", ["days"] = 2 }), new FunctionCallContent("call_2", "get_time", null)]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "rain"), new FunctionResultContent("call_2", new TimeAnswer("14:05", 2))]),
            new(ChatRole.Tool, [new FunctionResultContent("call_3", null) { Exception = new InvalidOperationException("clock offline") }]),
        ]);

        JsonAssert.Equivalent(
            """
            [{"role":"user","content":[{"type":"text","text":"Weather and time in Vienna?"}]},
             {"role":"assistant","content":[
               {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Vienna","days":2}},
               {"type":"tool_use","id":"call_2","name":"get_time","input":{}}]},
             {"role":"user","content":[
               {"type":"tool_result","tool_use_id":"call_1","content":"rain"},
               {"type":"tool_result","tool_use_id":"call_2","content":"{\"time\":\"14:05\",\"offset\":2}"},
               {"type":"tool_result","tool_use_id":"call_3","content":"clock offline","is_error":true}]}]
            """,
            body["messages"]!.ToJsonString());
    }

    [Fact]
    public async Task AFailedFunctionKeepsTheTextTheInvokingClientChose()
    {
        JsonObject body = await _harness.SendAsync(
        [
            new(ChatRole.User, "x"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "f")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "Error: Function failed.") { Exception = new InvalidOperationException("secret detail") }]),
        ]);

        JsonAssert.Equivalent(
            """{"type":"tool_result","tool_use_id":"call_1","content":"Error: Function failed.","is_error":true}""",
            body["messages"]![2]!["content"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task ToolResultsOfContentBecomeBlocks()
    {
        JsonObject body = await _harness.SendAsync(
        [
            new(ChatRole.User, "x"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "chart")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", new AIContent[] { new TextContent("see chart"), new DataContent(new byte[] { 1, 2, 3 }, "image/png") })]),
        ]);

        JsonAssert.Equivalent(
            """
            {"type":"tool_result","tool_use_id":"call_1","content":[
              {"type":"text","text":"see chart"},
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AQID"}}]}
            """,
            body["messages"]![2]!["content"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task DataAndUriContentsBecomeImagesAndDocuments()
    {
        JsonObject body = await _harness.SendAsync(
        [
            new(ChatRole.User,
            [
                new DataContent(new byte[] { 1, 2, 3 }, "image/jpeg"),
                new DataContent(Encoding.ASCII.GetBytes("%PDF-1.7"), "application/pdf") { Name = "report.pdf" },
                new DataContent(Encoding.UTF8.GetBytes("Grüße aus Wien"), "text/plain"),
                new UriContent(new Uri("https://example.org/cat.png"), "image/png"),
                new UriContent(new Uri("https://example.org/paper.pdf"), "application/pdf"),
                new TextContent("Describe all of them."),
            ]),
        ]);

        JsonAssert.Equivalent(
            """
            [{"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"AQID"}},
             {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjc="},"title":"report.pdf"},
             {"type":"document","source":{"type":"text","media_type":"text/plain","data":"Grüße aus Wien"}},
             {"type":"image","source":{"type":"url","url":"https://example.org/cat.png"}},
             {"type":"document","source":{"type":"url","url":"https://example.org/paper.pdf"}},
             {"type":"text","text":"Describe all of them."}]
            """,
            body["messages"]![0]!["content"]!.ToJsonString());
    }

    [Fact]
    public async Task ReasoningGoesBackAsThinkingWithItsSignatureAndRedactedThinkingAsItsData()
    {
        JsonObject body = await _harness.SendAsync(
        [
            new(ChatRole.User, "x"),
            new(ChatRole.Assistant, [new TextReasoningContent("Let me think.") { ProtectedData = "sig-1" }, new TextReasoningContent(null) { ProtectedData = "EncryptedData==" }, new TextContent("Done.")]),
            new(ChatRole.User, "y"),
        ]);

        JsonAssert.Equivalent(
            """
            [{"type":"thinking","thinking":"Let me think.","signature":"sig-1"},
             {"type":"redacted_thinking","data":"EncryptedData=="},
             {"type":"text","text":"Done."}]
            """,
            body["messages"]![1]!["content"]!.ToJsonString());
    }

    [Fact]
    public async Task AContentWhoseRawRepresentationIsABlockGoesOutAsThatBlock()
    {
        using JsonDocument raw = JsonDocument.Parse("""{"type":"server_tool_use","id":"srv_1","name":"web_search","input":{"q":"Wien"}}""");
        var unknown = new UnknownContentBlock(raw.RootElement.Clone());

        JsonObject body = await _harness.SendAsync(
        [
            new(ChatRole.User, "x"),
            new(ChatRole.Assistant, [new AIContent { RawRepresentation = unknown }, new TextContent("cited") { RawRepresentation = new TextBlock("cited") { Citations = [JsonDocument.Parse("""{"type":"char_location","cited_text":"abc"}""").RootElement.Clone()] } }]),
            new(ChatRole.User, "y"),
        ]);

        JsonAssert.Equivalent(
            """
            [{"type":"server_tool_use","id":"srv_1","name":"web_search","input":{"q":"Wien"}},
             {"type":"text","text":"cited","citations":[{"type":"char_location","cited_text":"abc"}]}]
            """,
            body["messages"]![1]!["content"]!.ToJsonString());
    }

    [Fact]
    public async Task AnAnswerRoundTripsUnchanged()
    {
        const string Answer = """
            {"id":"msg_1","type":"message","role":"assistant","model":"qwen3.6-35b",
             "content":[{"type":"thinking","thinking":"Hmm.","signature":"abc123"},{"type":"redacted_thinking","data":"ZZZ"},
                        {"type":"text","text":"Calling."},{"type":"tool_use","id":"call_9","name":"f","input":{"a":[1,2]}},
                        {"type":"mystery_block","payload":{"x":1}}],
             "stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":2}}
            """;
        _harness.Reply(Answer);
        ChatResponse response = await _harness.Chat.GetResponseAsync("go", new ChatOptions { ModelId = AkiModels.Qwen36_35B });

        List<ChatMessage> history = [new(ChatRole.User, "go"), .. response.Messages, new(ChatRole.Tool, [new FunctionResultContent("call_9", "ok")])];
        JsonObject body = await _harness.SendAsync(history, new ChatOptions { ModelId = AkiModels.Qwen36_35B });

        JsonAssert.Equivalent(JsonNode.Parse(Answer)!["content"]!.ToJsonString(), body["messages"]![1]!["content"]!.ToJsonString());
    }

    [Fact]
    public async Task AContentTheApiCannotCarryIsNotSupportedBeforeAnythingIsSent()
    {
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => _harness.Chat.GetResponseAsync([new(ChatRole.User, [new DataContent(new byte[] { 1 }, "audio/wav")])]));
        Assert.Contains("audio/wav", e.Message);

        var e2 = await Assert.ThrowsAsync<NotSupportedException>(() => _harness.Chat.GetResponseAsync([new(ChatRole.User, [new HostedFileContent("file_1")])]));
        Assert.Contains(nameof(HostedFileContent), e2.Message);

        Assert.Empty(_harness.Mock.Requests);
    }

    [Fact]
    public async Task FunctionsBecomeToolsWithTheirSchema()
    {
        AIFunction weather = AIFunctionFactory.Create((string city, int days) => "sun", "get_weather", "The weather forecast for a city.");

        JsonObject body = await _harness.SendAsync(new ChatOptions { Tools = [weather] }, new ChatMessage(ChatRole.User, "x"));

        JsonNode tool = body["tools"]![0]!;
        Assert.Equal("get_weather", tool["name"]!.GetValue<string>());
        Assert.Equal("The weather forecast for a city.", tool["description"]!.GetValue<string>());
        JsonAssert.Equivalent(weather.JsonSchema.GetRawText(), tool["input_schema"]!.ToJsonString());
        Assert.Equal("object", tool["input_schema"]!["type"]!.GetValue<string>());
        Assert.False(body.ContainsKey("tool_choice"));
    }

    [Fact]
    public async Task HostedToolsAreNotSupportedAndNamed()
    {
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => _harness.Chat.GetResponseAsync("x", new ChatOptions { Tools = [new HostedWebSearchTool()] }));

        Assert.Contains(nameof(HostedWebSearchTool), e.Message);
        Assert.Empty(_harness.Mock.Requests);
    }

    public static TheoryData<string, string> ToolModes() => new()
    {
        { "auto", """{"type":"auto"}""" },
        { "any", """{"type":"any"}""" },
        { "specific", """{"type":"tool","name":"get_weather"}""" },
        { "none", """{"type":"none"}""" },
    };

    [Theory]
    [MemberData(nameof(ToolModes))]
    public async Task ToolModesBecomeToolChoice(string mode, string expected)
    {
        ChatToolMode toolMode = mode switch
        {
            "auto" => ChatToolMode.Auto,
            "any" => ChatToolMode.RequireAny,
            "specific" => ChatToolMode.RequireSpecific("get_weather"),
            _ => ChatToolMode.None,
        };

        JsonObject body = await _harness.SendAsync(new ChatOptions { Tools = [Weather()], ToolMode = toolMode }, new ChatMessage(ChatRole.User, "x"));

        JsonAssert.Equivalent(expected, body["tool_choice"]!.ToJsonString());
    }

    [Fact]
    public async Task OneToolCallAtATimeDisablesParallelToolUse()
    {
        JsonObject body = await _harness.SendAsync(new ChatOptions { Tools = [Weather()], AllowMultipleToolCalls = false }, new ChatMessage(ChatRole.User, "x"));

        JsonAssert.Equivalent("""{"type":"auto","disable_parallel_tool_use":true}""", body["tool_choice"]!.ToJsonString());
    }

    public static TheoryData<string, string> Efforts() => new()
    {
        { "None", """{"type":"disabled"}""" },
        { "Low", """{"type":"enabled","budget_tokens":1024}""" },
        { "Medium", """{"type":"enabled","budget_tokens":2048}""" },
        { "High", """{"type":"enabled","budget_tokens":4096}""" },
        { "ExtraHigh", """{"type":"enabled","budget_tokens":6144}""" },
    };

    [Theory]
    [MemberData(nameof(Efforts))]
    public async Task ReasoningEffortBecomesAThinkingBudget(string effort, string expected)
    {
        JsonObject body = await _harness.SendAsync(
            new ChatOptions { Reasoning = new ReasoningOptions { Effort = Enum.Parse<ReasoningEffort>(effort) } },
            new ChatMessage(ChatRole.User, "x"));

        JsonAssert.Equivalent(expected, body["thinking"]!.ToJsonString());
    }

    [Fact]
    public async Task AThinkingBudgetStaysBelowASmallMaxOutputTokens()
    {
        JsonObject body = await _harness.SendAsync(
            new ChatOptions { MaxOutputTokens = 3000, Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } },
            new ChatMessage(ChatRole.User, "x"));

        JsonAssert.Equivalent("""{"type":"enabled","budget_tokens":1500}""", body["thinking"]!.ToJsonString());
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Chat.GetResponseAsync("x", new ChatOptions { MaxOutputTokens = 1024, Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } }));
    }

    [Fact]
    public async Task AdditionalPropertiesBecomeExtraBodyFields()
    {
        JsonObject body = await _harness.SendAsync(
            new ChatOptions { AdditionalProperties = new() { ["service_tier"] = "auto", ["priority"] = 3, ["extra"] = JsonNode.Parse("""{"a":[1]}""") } },
            new ChatMessage(ChatRole.User, "x"));

        Assert.Equal("auto", body["service_tier"]!.GetValue<string>());
        Assert.Equal(3, body["priority"]!.GetValue<int>());
        JsonAssert.Equivalent("""{"a":[1]}""", body["extra"]!.ToJsonString());
    }

    [Fact]
    public async Task AnAdditionalPropertyTheSdkWritesItselfIsRejected()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => _harness.Chat.GetResponseAsync("x", new ChatOptions { AdditionalProperties = new() { ["max_tokens"] = 5 } }));

        Assert.Contains("max_tokens", e.Message);
        Assert.Empty(_harness.Mock.Requests);
    }

    [Fact]
    public async Task ARawMessageRequestIsTheStartThatOptionsFill()
    {
        var start = new MessageRequest
        {
            Model = AkiModels.Llama3Chat70B,
            Messages = [MessageParam.User("Earlier question"), MessageParam.Assistant("Earlier answer")],
            System = "From the raw request.",
            TopK = 5,
            Metadata = new RequestMetadata { UserId = "user-42" },
            AdditionalProperties = new JsonObject { ["service_tier"] = "standard_only" },
        };

        JsonObject body = await _harness.SendAsync(
            new ChatOptions { RawRepresentationFactory = _ => start, TopK = 99, Temperature = 0.5f, Instructions = "From options.", ModelId = AkiModels.Qwen36_35B },
            new ChatMessage(ChatRole.User, "New question"));

        Assert.Equal(AkiModels.Llama3Chat70B, body["model"]!.GetValue<string>());
        Assert.Equal(5, body["top_k"]!.GetValue<int>());
        Assert.Equal(0.5, body["temperature"]!.GetValue<double>());
        Assert.Equal("standard_only", body["service_tier"]!.GetValue<string>());
        Assert.Equal("user-42", body["metadata"]!["user_id"]!.GetValue<string>());
        JsonAssert.Equivalent("""[{"type":"text","text":"From the raw request."},{"type":"text","text":"From options."}]""", body["system"]!.ToJsonString());
        JsonAssert.Equivalent(
            """
            [{"role":"user","content":[{"type":"text","text":"Earlier question"}]},
             {"role":"assistant","content":[{"type":"text","text":"Earlier answer"}]},
             {"role":"user","content":[{"type":"text","text":"New question"}]}]
            """,
            body["messages"]!.ToJsonString());
    }

    [Fact]
    public async Task AJsonSchemaResponseFormatForcesTheAnswerTool()
    {
        JsonElement schema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement.Clone();

        JsonObject body = await _harness.SendAsync(
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "City", "A city.") },
            new ChatMessage(ChatRole.User, "x"));

        JsonAssert.Equivalent(
            """[{"name":"City","description":"Give your answer by calling this tool, exactly once: A city.","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]""",
            body["tools"]!.ToJsonString());
        JsonAssert.Equivalent("""{"type":"tool","name":"City"}""", body["tool_choice"]!.ToJsonString());
    }

    [Fact]
    public async Task BesideFunctionsTheAnswerToolMakesTheModelCallATool()
    {
        JsonObject body = await _harness.SendAsync(
            new ChatOptions { Tools = [Weather()], ResponseFormat = ChatResponseFormat.Json },
            new ChatMessage(ChatRole.User, "x"));

        Assert.Equal(["get_weather", "json_response"], body["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        JsonAssert.Equivalent("""{"type":"any"}""", body["tool_choice"]!.ToJsonString());
    }

    private static AIFunction Weather() => AIFunctionFactory.Create((string city) => "sun", "get_weather", "Weather.");

    private sealed record TimeAnswer(string Time, int Offset);
}
