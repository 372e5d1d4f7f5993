using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Aki.Client.Tests.Messages;

/// <summary>The JSON body CreateAsync sends, field by field, compared structurally with what the API expects.</summary>
public class RequestBodyTests
{
    [Fact]
    public async Task MinimalRequestSendsOnlyModelMessagesAndMaxTokens()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(new MessageRequest
        {
            Model = AkiModels.Gemma4_26B,
            MaxTokens = 1024,
            Messages = [MessageParam.User("Hello")],
        });

        JsonAssert.Equivalent(
            """{"model":"gemma4-26b","messages":[{"role":"user","content":"Hello"}],"max_tokens":1024}""",
            body);
    }

    [Fact]
    public async Task StreamFieldIsAbsentFromCreateRequests()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello());

        Assert.False(JsonNode.Parse(body)!.AsObject().ContainsKey("stream"));
    }

    [Theory]
    [InlineData(AkiModels.Gemma4_26B)]
    [InlineData(AkiModels.ApertusChat70B)]
    [InlineData(AkiModels.MiniMaxM25_230B)]
    [InlineData(AkiModels.Gemma4Chat26B)]
    public async Task NullMaxTokensSendsTheSmallerOf8192AndTheModelOutputLimit(string model)
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(new MessageRequest { Model = model, Messages = [MessageParam.User("Hi")] });

        int expected = Math.Min(8192, AkiModels.GetLimits(model)!.Value.MaxOutputTokens);
        Assert.Equal(expected, JsonAssert.Property(body, "max_tokens").GetValue<int>());
    }

    [Fact]
    public async Task NullMaxTokensForAnUnknownModelSendsTheDocumentedDefault()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(
            new MessageRequest { Model = "my-private-finetune", Messages = [MessageParam.User("Hi")] },
            o => o.ModelValidation = ModelValidation.Off);

        Assert.Equal(8192, JsonAssert.Property(body, "max_tokens").GetValue<int>());
    }

    [Fact]
    public async Task ExplicitMaxTokensIsSentUnchanged()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with { MaxTokens = 32768 });

        Assert.Equal(32768, JsonAssert.Property(body, "max_tokens").GetValue<int>());
    }

    [Fact]
    public async Task SystemPromptStringIsSentAsAString()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with { System = "You are concise." });

        JsonAssert.Equivalent("\"You are concise.\"", JsonAssert.Property(body, "system").ToJsonString());
    }

    [Fact]
    public async Task SystemPromptBlocksAreSentAsTextBlocks()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with
        {
            System = new[] { new TextBlock("You are concise."), new TextBlock("Answer in German.") },
        });

        JsonAssert.Equivalent(
            """[{"type":"text","text":"You are concise."},{"type":"text","text":"Answer in German."}]""",
            JsonAssert.Property(body, "system").ToJsonString());
    }

    [Fact]
    public async Task SamplingParametersAreSentWithTheirWireNames()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(new MessageRequest
        {
            Model = AkiModels.Qwen36_35B,
            MaxTokens = 100,
            Messages = [MessageParam.User("Count")],
            Temperature = 0.2,
            TopP = 0.9,
            TopK = 40,
            StopSequences = ["\n\nHuman:", "END"],
        });

        JsonAssert.Equivalent(
            """
            {"model":"qwen3.6-35b","max_tokens":100,"messages":[{"role":"user","content":"Count"}],
             "temperature":0.2,"top_p":0.9,"top_k":40,"stop_sequences":["\n\nHuman:","END"]}
            """,
            body);
    }

    [Fact]
    public async Task TemperatureBoundsZeroAndOneAreSent()
    {
        string zero = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with { Temperature = 0 });
        string one = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with { Temperature = 1 });

        Assert.Equal(0, JsonAssert.Property(zero, "temperature").GetValue<double>());
        Assert.Equal(1, JsonAssert.Property(one, "temperature").GetValue<double>());
    }

    [Fact]
    public async Task MetadataUserIdIsSent()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with { Metadata = new RequestMetadata { UserId = "u-5d41402a" } });

        JsonAssert.Equivalent("""{"user_id":"u-5d41402a"}""", JsonAssert.Property(body, "metadata").ToJsonString());
    }

    [Fact]
    public async Task ToolsAreSentWithNameDescriptionAndInputSchema()
    {
        const string schema = """{"type":"object","properties":{"location":{"type":"string","description":"the city"}},"required":["location"]}""";
        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with
        {
            Tools =
            [
                Tool.FromJsonSchema("weather", "Get weather information for a location", schema),
                new Tool("clock", JsonDocument.Parse("""{"type":"object"}""").RootElement),
            ],
        });

        JsonAssert.Equivalent(
            $$$"""
            [{"name":"weather","description":"Get weather information for a location","input_schema":{{{schema}}}},
             {"name":"clock","input_schema":{"type":"object"}}]
            """,
            JsonAssert.Property(body, "tools").ToJsonString());
    }

    public static TheoryData<string, string> ToolChoices() => new()
    {
        { "auto", """{"type":"auto"}""" },
        { "any", """{"type":"any"}""" },
        { "none", """{"type":"none"}""" },
        { "tool", """{"type":"tool","name":"weather"}""" },
        { "auto-single", """{"type":"auto","disable_parallel_tool_use":true}""" },
        { "tool-single", """{"type":"tool","name":"weather","disable_parallel_tool_use":true}""" },
    };

    [Theory]
    [MemberData(nameof(ToolChoices))]
    public async Task ToolChoiceIsSentInItsWireShape(string choice, string expected)
    {
        ToolChoice toolChoice = choice switch
        {
            "auto" => ToolChoice.Auto,
            "any" => ToolChoice.Any,
            "none" => ToolChoice.None,
            "tool" => ToolChoice.ForTool("weather"),
            "auto-single" => ToolChoice.Auto with { DisableParallelToolUse = true },
            _ => ToolChoice.ForTool("weather") with { DisableParallelToolUse = true },
        };

        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with
        {
            Tools = [Tool.FromJsonSchema("weather", "Weather", """{"type":"object"}""")],
            ToolChoice = toolChoice,
        });

        JsonAssert.Equivalent(expected, JsonAssert.Property(body, "tool_choice").ToJsonString());
    }

    [Fact]
    public async Task ThinkingEnabledIsSentWithItsBudget()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with { MaxTokens = 4096, Thinking = ThinkingConfig.Enabled(2048) });

        JsonAssert.Equivalent("""{"type":"enabled","budget_tokens":2048}""", JsonAssert.Property(body, "thinking").ToJsonString());
    }

    [Fact]
    public async Task ThinkingDisabledIsSentWithoutABudget()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with { Thinking = ThinkingConfig.Disabled });

        JsonAssert.Equivalent("""{"type":"disabled"}""", JsonAssert.Property(body, "thinking").ToJsonString());
    }

    [Fact]
    public async Task AdditionalPropertiesAreWrittenIntoTheRequestObject()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with
        {
            AdditionalProperties = new JsonObject
            {
                ["service_tier"] = "auto",
                ["output_config"] = new JsonObject { ["effort"] = "low" },
                ["chat_template_kwargs"] = new JsonObject { ["enable_thinking"] = false },
            },
        });

        JsonAssert.Equivalent(
            """
            {"model":"gemma4-26b","max_tokens":256,"messages":[{"role":"user","content":"Hello"}],
             "service_tier":"auto","output_config":{"effort":"low"},"chat_template_kwargs":{"enable_thinking":false}}
            """,
            body);
    }

    [Fact]
    public async Task StringContentIsSentAsTheStringShorthand()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with
        {
            Messages = [MessageParam.User("What is GDPR?"), MessageParam.Assistant("A regulation."), MessageParam.User("Explain more.")],
        });

        JsonAssert.Equivalent(
            """
            [{"role":"user","content":"What is GDPR?"},{"role":"assistant","content":"A regulation."},
             {"role":"user","content":"Explain more."}]
            """,
            JsonAssert.Property(body, "messages").ToJsonString());
    }

    [Fact]
    public async Task BlockContentIsSentAsABlockArray()
    {
        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with
        {
            Messages = [MessageParam.User(new TextBlock("First."), new TextBlock("Second."))],
        });

        JsonAssert.Equivalent(
            """[{"role":"user","content":[{"type":"text","text":"First."},{"type":"text","text":"Second."}]}]""",
            JsonAssert.Property(body, "messages").ToJsonString());
    }

    [Fact]
    public async Task ImageBase64BlockIsSentWithMediaTypeAndData()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        await AssertFirstBlockAsync(
            new ImageBlock(ImageSource.FromBytes("image/png", png)),
            """{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}""");
    }

    [Fact]
    public async Task ImageUrlBlockIsSentWithTheUrl()
    {
        await AssertFirstBlockAsync(
            new ImageBlock(ImageSource.FromUrl(new Uri("https://example.org/cat.jpg"))),
            """{"type":"image","source":{"type":"url","url":"https://example.org/cat.jpg"}}""");
    }

    [Fact]
    public async Task DocumentPdfBlockIsSentAsBase64WithTitleContextAndCitations()
    {
        await AssertFirstBlockAsync(
            new DocumentBlock(DocumentSource.FromPdfBase64("JVBERi0xLjQK")) { Title = "Contract", Context = "Signed 2026", Citations = new CitationsConfig(true) },
            """
            {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjQK"},
             "title":"Contract","context":"Signed 2026","citations":{"enabled":true}}
            """);
    }

    [Fact]
    public async Task DocumentTextBlockIsSentAsPlainText()
    {
        await AssertFirstBlockAsync(
            new DocumentBlock(DocumentSource.FromText("The grass is green.")),
            """{"type":"document","source":{"type":"text","media_type":"text/plain","data":"The grass is green."}}""");
    }

    [Fact]
    public async Task DocumentUrlBlockIsSentWithTheUrl()
    {
        await AssertFirstBlockAsync(
            new DocumentBlock(DocumentSource.FromUrl(new Uri("https://example.org/paper.pdf"))),
            """{"type":"document","source":{"type":"url","url":"https://example.org/paper.pdf"}}""");
    }

    [Fact]
    public async Task DocumentContentBlockIsSentWithStringOrBlockContent()
    {
        await AssertFirstBlockAsync(
            new DocumentBlock(DocumentSource.FromContent("Inline text.")),
            """{"type":"document","source":{"type":"content","content":"Inline text."}}""");
        await AssertFirstBlockAsync(
            new DocumentBlock(DocumentSource.FromContent(new ContentBlock[] { new TextBlock("Part one."), new TextBlock("Part two.") })),
            """{"type":"document","source":{"type":"content","content":[{"type":"text","text":"Part one."},{"type":"text","text":"Part two."}]}}""");
    }

    [Fact]
    public async Task ToolUseBlockIsSentWithIdNameAndInput()
    {
        await AssertFirstBlockAsync(
            new ToolUseBlock("toolu_01A", "weather", JsonDocument.Parse("""{"location":"Florence, Italy","days":[1,2]}""").RootElement),
            """{"type":"tool_use","id":"toolu_01A","name":"weather","input":{"location":"Florence, Italy","days":[1,2]}}""",
            MessageRole.Assistant);
    }

    [Fact]
    public async Task ToolResultWithStringContentIsSent()
    {
        await AssertFirstBlockAsync(
            new ToolResultBlock("toolu_01A") { Content = "18 degrees, sunny" },
            """{"type":"tool_result","tool_use_id":"toolu_01A","content":"18 degrees, sunny"}""");
    }

    [Fact]
    public async Task ToolResultWithBlocksAndIsErrorIsSent()
    {
        await AssertFirstBlockAsync(
            new ToolResultBlock("toolu_01A")
            {
                Content = new ContentBlock[] { new TextBlock("Service unavailable"), new ImageBlock(ImageSource.FromBase64("image/gif", "R0lGOD")) },
                IsError = true,
            },
            """
            {"type":"tool_result","tool_use_id":"toolu_01A","is_error":true,
             "content":[{"type":"text","text":"Service unavailable"},{"type":"image","source":{"type":"base64","media_type":"image/gif","data":"R0lGOD"}}]}
            """);
    }

    [Fact]
    public async Task ToolResultWithoutContentSendsOnlyTheId()
    {
        await AssertFirstBlockAsync(
            new ToolResultBlock("toolu_01A"),
            """{"type":"tool_result","tool_use_id":"toolu_01A"}""");
    }

    [Fact]
    public async Task ThinkingBlockIsSentWithItsSignature()
    {
        await AssertFirstBlockAsync(
            new ThinkingBlock("The user wants the weather.") { Signature = "EtYDCkYICxgCKkAV==" },
            """{"type":"thinking","thinking":"The user wants the weather.","signature":"EtYDCkYICxgCKkAV=="}""",
            MessageRole.Assistant);
    }

    [Fact]
    public async Task ThinkingBlockWithoutSignatureIsSentWithoutTheKey()
    {
        await AssertFirstBlockAsync(
            new ThinkingBlock("Simple greeting."),
            """{"type":"thinking","thinking":"Simple greeting."}""",
            MessageRole.Assistant);
    }

    [Fact]
    public async Task RedactedThinkingBlockIsSentWithItsData()
    {
        await AssertFirstBlockAsync(
            new RedactedThinkingBlock("EmwKAhgBEgy3va3pzix/LafPsn4a"),
            """{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"}""",
            MessageRole.Assistant);
    }

    [Fact]
    public async Task UnknownContentBlockIsSentExactlyAsReceived()
    {
        const string raw = """{"type":"server_tool_use","id":"srvtoolu_01","name":"web_search","input":{"query":"aki.io"},"caller":{"type":"direct"}}""";
        var block = new UnknownContentBlock(JsonDocument.Parse(raw).RootElement);

        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with
        {
            Messages = [MessageParam.User("Search"), MessageParam.Assistant(block)],
        });

        JsonNode sent = JsonNode.Parse(body)!["messages"]![1]!["content"]![0]!;
        JsonAssert.Equivalent(raw, sent.ToJsonString());
        Assert.Equal(raw, sent.ToJsonString());
    }

    [Fact]
    public async Task FullToolTurnMatchesTheAnthropicRequestShape()
    {
        JsonElement input = JsonDocument.Parse("""{"location":"Florence, Italy"}""").RootElement;
        string body = await TestRequests.SendAndCaptureBodyAsync(new MessageRequest
        {
            Model = AkiModels.GptOss120B,
            MaxTokens = 4096,
            System = new[] { new TextBlock("You are a helpful assistant") },
            Thinking = ThinkingConfig.Enabled(4000),
            ToolChoice = ToolChoice.Auto with { DisableParallelToolUse = false },
            Tools = [Tool.FromJsonSchema("weather", "Get weather information for a location", """{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}""")],
            Messages =
            [
                MessageParam.User(new TextBlock("What's the weather in Florence, Italy?")),
                MessageParam.Assistant(new ThinkingBlock("Use the tool.") { Signature = "sig" }, new ToolUseBlock("toolu_1", "weather", input)),
                MessageParam.ToolResults([new ToolResultBlock("toolu_1") { Content = "40 C" }]),
            ],
        });

        JsonAssert.Equivalent(
            """
            {"model":"gpt-oss-120b","max_tokens":4096,
             "system":[{"type":"text","text":"You are a helpful assistant"}],
             "thinking":{"type":"enabled","budget_tokens":4000},
             "tool_choice":{"type":"auto","disable_parallel_tool_use":false},
             "tools":[{"name":"weather","description":"Get weather information for a location",
                       "input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}],
             "messages":[
               {"role":"user","content":[{"type":"text","text":"What's the weather in Florence, Italy?"}]},
               {"role":"assistant","content":[{"type":"thinking","thinking":"Use the tool.","signature":"sig"},
                                              {"type":"tool_use","id":"toolu_1","name":"weather","input":{"location":"Florence, Italy"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"40 C"}]}]}
            """,
            body);
    }

    private static async Task AssertFirstBlockAsync(ContentBlock block, string expectedJson, MessageRole? role = null)
    {
        MessageParam turn = new(role ?? MessageRole.User, new[] { block });
        MessageRequest request = TestRequests.Hello() with
        {
            Messages = turn.Role == MessageRole.Assistant ? [MessageParam.User("Go"), turn] : [turn],
        };

        string body = await TestRequests.SendAndCaptureBodyAsync(request);

        JsonNode messages = JsonAssert.Property(body, "messages");
        JsonNode sentTurn = messages[messages.AsArray().Count - 1]!;
        Assert.Equal(turn.Role.Value, sentTurn["role"]!.GetValue<string>());
        JsonAssert.Equivalent(expectedJson, sentTurn["content"]![0]!.ToJsonString());
    }
}
