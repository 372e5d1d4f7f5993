using Aki.Client.Tests.Messages;
using System.Text.Json;
using Aki.Client.Serialization;
using Aki.Client.Streaming;

namespace Aki.Client.Tests.Streaming;

/// <summary>The accumulation rules of WIRE-FORMAT.md section 3.3, one by one, on events built by hand.</summary>
public class MessageAccumulatorTests
{
    private static readonly JsonElement s_emptyObject = Json("{}");

    [Fact]
    public void SeveralToolBlocksOpenAtOnceCollectTheirOwnInterleavedFragments()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_a", "get_weather", s_emptyObject)));
        accumulator.Add(new ContentBlockStartEvent(1, new ToolUseBlock("call_b", "get_time", s_emptyObject)));
        accumulator.Add(new ContentBlockStartEvent(2, new ToolUseBlock("call_c", "get_weather", s_emptyObject)));
        accumulator.Add(JsonDelta(2, "{\"city\":"));
        accumulator.Add(JsonDelta(0, "{\"city\":"));
        accumulator.Add(JsonDelta(1, "{\"zone\":\"Europe/Berlin\"}"));
        accumulator.Add(JsonDelta(0, "\"Wien\"}"));
        accumulator.Add(new ContentBlockStopEvent(1));
        accumulator.Add(JsonDelta(2, "\"Graz\"}"));
        accumulator.Add(new ContentBlockStopEvent(0));
        accumulator.Add(new ContentBlockStopEvent(2));

        IReadOnlyList<ToolUseBlock> tools = accumulator.ToMessage().ToolUses;

        Assert.Equal(["call_a", "call_b", "call_c"], tools.Select(t => t.Id));
        Assert.Equal("Wien", tools[0].Input.GetProperty("city").GetString());
        Assert.Equal("Europe/Berlin", tools[1].Input.GetProperty("zone").GetString());
        Assert.Equal("Graz", tools[2].Input.GetProperty("city").GetString());
        Assert.All(tools, t => Assert.False(t.IsInputIncomplete));
    }

    [Fact]
    public void FragmentsAreJoinedAndParsedOnlyWhenTheBlockStops()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_a", "search", s_emptyObject)));
        accumulator.Add(JsonDelta(0, string.Empty));
        accumulator.Add(JsonDelta(0, "{\"query\": \"Zug"));
        accumulator.Add(JsonDelta(0, "spitze\", \"limit\": 3"));

        ToolUseBlock open = Assert.IsType<ToolUseBlock>(accumulator.ToMessage().Content[0]);
        accumulator.Add(JsonDelta(0, "}"));
        accumulator.Add(new ContentBlockStopEvent(0));
        ToolUseBlock stopped = Assert.IsType<ToolUseBlock>(accumulator.ToMessage().Content[0]);

        Assert.Equal("{\"query\": \"Zugspitze\", \"limit\": 3", open.IncompleteInputJson);
        Assert.Equal(JsonValueKind.Object, stopped.Input.ValueKind);
        Assert.Equal("Zugspitze", stopped.Input.GetProperty("query").GetString());
        Assert.Equal(3, stopped.Input.GetProperty("limit").GetInt32());
        Assert.Null(stopped.IncompleteInputJson);
    }

    [Theory]
    [InlineData("")]
    [InlineData("", "")]
    [InlineData(" ", "\n")]
    public void EmptyArgumentFragmentsMeanAnEmptyObject(params string[] fragments)
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_a", "get_time", s_emptyObject)));
        foreach (string fragment in fragments)
        {
            accumulator.Add(JsonDelta(0, fragment));
        }

        accumulator.Add(new ContentBlockStopEvent(0));
        ToolUseBlock tool = accumulator.ToMessage().ToolUses.Single();

        Assert.Equal(JsonValueKind.Object, tool.Input.ValueKind);
        Assert.Empty(tool.Input.EnumerateObject());
        Assert.False(tool.IsInputIncomplete);
    }

    [Fact]
    public void ToolCallWithoutFragmentsKeepsTheInputItStartedWith()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_a", "get_weather", Json("{\"city\":\"Bern\"}"))));
        accumulator.Add(new ContentBlockStopEvent(0));

        ToolUseBlock tool = accumulator.ToMessage().ToolUses.Single();

        Assert.Equal("Bern", tool.Input.GetProperty("city").GetString());
    }

    [Fact]
    public void TruncatedArgumentsAreKeptAsTextAndFlaggedNeverReplacedByAnEmptyObject()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_a", "write_file", s_emptyObject)));
        accumulator.Add(JsonDelta(0, "{\"path\": \"a.txt\", \"text\": \"Hal"));
        accumulator.Add(new MessageDeltaEvent(new MessageDelta { StopReason = StopReason.MaxTokens }));
        accumulator.Add(new MessageStopEvent());

        Message message = accumulator.ToMessage();
        ToolUseBlock tool = message.ToolUses.Single();

        Assert.True(accumulator.IsComplete);
        Assert.Equal(StopReason.MaxTokens, message.StopReason);
        Assert.True(tool.IsInputIncomplete);
        Assert.Equal("{\"path\": \"a.txt\", \"text\": \"Hal", tool.IncompleteInputJson);
        Assert.Equal(JsonValueKind.Undefined, tool.Input.ValueKind);
        Assert.Throws<InvalidOperationException>(() => tool.GetInput(AkiJsonContext.Default.JsonElement));
    }

    [Fact]
    public void ArgumentsThatDoNotParseAtStopAreKeptAsTextAndFlagged()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_a", "write_file", s_emptyObject)));
        accumulator.Add(JsonDelta(0, "{\"path\": \"a.txt\", "));
        accumulator.Add(new ContentBlockStopEvent(0));

        ToolUseBlock tool = accumulator.ToMessage().ToolUses.Single();

        Assert.Equal("{\"path\": \"a.txt\", ", tool.IncompleteInputJson);
        Assert.Equal(JsonValueKind.Undefined, tool.Input.ValueKind);
    }

    [Fact]
    public void ToolCallCutOffBeforeItsFirstFragmentIsFlagged()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_a", "write_file", s_emptyObject)));

        ToolUseBlock tool = accumulator.ToMessage().ToolUses.Single();

        Assert.True(tool.IsInputIncomplete);
        Assert.Equal(string.Empty, tool.IncompleteInputJson);
    }

    [Fact]
    public void SignatureDeltasAssignTheSignatureAndTheLastOneWins()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new ThinkingBlock(string.Empty) { Signature = string.Empty }));
        accumulator.Add(new ContentBlockDeltaEvent(0, new ThinkingDelta("Erst ")));
        accumulator.Add(new ContentBlockDeltaEvent(0, new SignatureDelta("sig-one")));
        accumulator.Add(new ContentBlockDeltaEvent(0, new ThinkingDelta("denken.")));
        accumulator.Add(new ContentBlockDeltaEvent(0, new SignatureDelta("sig-two")));
        accumulator.Add(new ContentBlockStopEvent(0));

        ThinkingBlock thinking = Assert.IsType<ThinkingBlock>(accumulator.ToMessage().Content.Single());

        Assert.Equal("Erst denken.", thinking.Thinking);
        Assert.Equal("sig-two", thinking.Signature);
    }

    [Fact]
    public void ThinkingWithoutSignatureHasNoSignature()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new ThinkingBlock(string.Empty)));
        accumulator.Add(new ContentBlockDeltaEvent(0, new ThinkingDelta("Ollama sendet keine Signatur.")));
        accumulator.Add(new ContentBlockDeltaEvent(0, new ThinkingDelta(string.Empty)));
        accumulator.Add(new ContentBlockStopEvent(0));

        ThinkingBlock thinking = Assert.IsType<ThinkingBlock>(accumulator.ToMessage().Content.Single());

        Assert.Equal("Ollama sendet keine Signatur.", thinking.Thinking);
        Assert.Null(thinking.Signature);
    }

    [Fact]
    public void TextStartsFromTheBlocksInitialText()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new TextBlock("This ")));
        accumulator.Add(new ContentBlockDeltaEvent(0, new TextDelta("is ")));
        accumulator.Add(new ContentBlockDeltaEvent(0, new TextDelta("it.")));

        Assert.Equal("This is it.", accumulator.ToMessage().Text);
    }

    [Fact]
    public void MessageDeltaUsageReplacesTotalsAndKeepsFieldsItOmits()
    {
        var accumulator = new MessageAccumulator();
        accumulator.Add(new MessageStartEvent(new Message
        {
            Id = "msg_1",
            Model = AkiModels.Qwen36_35B,
            Usage = new Usage { InputTokens = 100, OutputTokens = 1, CacheReadInputTokens = 80, CacheCreationInputTokens = 0, ServiceTier = "standard" },
        }));

        accumulator.Add(new MessageDeltaEvent(new MessageDelta()) { Usage = new MessageDeltaUsage { OutputTokens = 7 } });
        Usage afterFirst = accumulator.ToMessage().Usage;
        accumulator.Add(new MessageDeltaEvent(new MessageDelta { StopReason = StopReason.EndTurn }) { Usage = new MessageDeltaUsage { OutputTokens = 25, InputTokens = 102 } });
        Usage afterSecond = accumulator.ToMessage().Usage;

        Assert.Equal(7, afterFirst.OutputTokens);
        Assert.Equal(100, afterFirst.InputTokens);
        Assert.Equal(25, afterSecond.OutputTokens);
        Assert.Equal(102, afterSecond.InputTokens);
        Assert.Equal(80, afterSecond.CacheReadInputTokens);
        Assert.Equal(0, afterSecond.CacheCreationInputTokens);
        Assert.Equal("standard", afterSecond.ServiceTier);
    }

    [Fact]
    public void UsageOnlyInMessageDeltaReplacesTheZerosOfMessageStart()
    {
        var accumulator = new MessageAccumulator();
        accumulator.Add(Parse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"qwen3.6-35b\",\"content\":[],\"usage\":{\"input_tokens\":0,\"output_tokens\":0,\"cache_read_input_tokens\":0}}}"));
        accumulator.Add(Parse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"input_tokens\":1187,\"output_tokens\":6,\"cache_read_input_tokens\":1024,\"server_tool_use\":{\"web_search_requests\":2}}}"));

        Usage usage = accumulator.ToMessage().Usage;

        Assert.Equal(1187, usage.InputTokens);
        Assert.Equal(6, usage.OutputTokens);
        Assert.Equal(1024, usage.CacheReadInputTokens);
        Assert.Equal(2, usage.AdditionalProperties!["server_tool_use"].GetProperty("web_search_requests").GetInt32());
    }

    [Fact]
    public void MessageDeltaUsageReplacesTheServiceTierAndCacheBreakdownToo()
    {
        var accumulator = new MessageAccumulator();
        accumulator.Add(Parse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"qwen3.6-35b\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":0,\"service_tier\":\"standard\",\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0}}}}"));
        accumulator.Add(Parse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9,\"service_tier\":\"priority\",\"cache_creation\":{\"ephemeral_5m_input_tokens\":12,\"ephemeral_1h_input_tokens\":0}}}"));

        Message message = accumulator.ToMessage();
        JsonElement usage = JsonSerializer.SerializeToElement(message, AkiJsonContext.Default.Message).GetProperty("usage");

        Assert.Equal("priority", message.Usage.ServiceTier);
        Assert.Equal(12, message.Usage.CacheCreation!.Ephemeral5mInputTokens);
        // Each usage field is written once: no stale typed value beside a newer copy in the extension data.
        string[] names = usage.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(names.Distinct().Count(), names.Length);
        Assert.Equal("priority", usage.GetProperty("service_tier").GetString());
    }

    [Fact]
    public void CitationsDeltasAreAppendedInOrder()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new TextBlock(string.Empty) { Citations = [Json("{\"type\":\"char_location\",\"cited_text\":\"a\"}")] }));
        accumulator.Add(new ContentBlockDeltaEvent(0, new TextDelta("Gras ist grün.")));
        accumulator.Add(new ContentBlockDeltaEvent(0, new CitationsDelta(Json("{\"type\":\"char_location\",\"cited_text\":\"b\"}"))));
        accumulator.Add(new ContentBlockDeltaEvent(0, new CitationsDelta(Json("{\"type\":\"page_location\",\"cited_text\":\"c\"}"))));
        accumulator.Add(new ContentBlockStopEvent(0));

        TextBlock text = Assert.IsType<TextBlock>(accumulator.ToMessage().Content.Single());

        Assert.Equal("Gras ist grün.", text.Text);
        Assert.Equal(["a", "b", "c"], text.Citations!.Select(c => c.GetProperty("cited_text").GetString()));
    }

    [Fact]
    public void UnknownDeltasAreIgnored()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new ContentBlockStartEvent(0, new TextBlock(string.Empty)));
        accumulator.Add(new ContentBlockDeltaEvent(0, new TextDelta("Vorher, ")));
        accumulator.Add(Parse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"compaction_delta\",\"content\":\"x\"}}"));
        accumulator.Add(new ContentBlockDeltaEvent(0, new TextDelta("nachher.")));
        accumulator.Add(new ContentBlockStopEvent(0));

        Assert.Equal("Vorher, nachher.", accumulator.ToMessage().Text);
    }

    [Fact]
    public void UnknownEventsAndDeltasForBlocksThatNeverStartedAreIgnored()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new UnknownStreamEvent("aki_queue_status", Json("{\"position\":0}")));
        accumulator.Add(new ContentBlockDeltaEvent(4, new TextDelta("verloren")));
        accumulator.Add(new ContentBlockStopEvent(4));
        accumulator.Add(new PingEvent());

        Assert.Empty(accumulator.ToMessage().Content);
    }

    [Fact]
    public void ServerToolUseBlockGetsItsParsedInputAndKeepsItsOtherFields()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(Parse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{},\"caller\":{\"type\":\"direct\"}}}"));
        accumulator.Add(JsonDelta(0, string.Empty));
        accumulator.Add(JsonDelta(0, "{\"query\": \"Pegel "));
        accumulator.Add(JsonDelta(0, "Köln\"}"));
        accumulator.Add(new ContentBlockStopEvent(0));

        UnknownContentBlock block = Assert.IsType<UnknownContentBlock>(accumulator.ToMessage().Content.Single());

        Assert.Equal("server_tool_use", block.Type);
        Assert.Equal("Pegel Köln", block.Raw.GetProperty("input").GetProperty("query").GetString());
        Assert.Equal("srvtoolu_1", block.Raw.GetProperty("id").GetString());
        Assert.Equal("direct", block.Raw.GetProperty("caller").GetProperty("type").GetString());
    }

    [Fact]
    public void MessageIsCompleteOnlyAfterMessageStop()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(new MessageDeltaEvent(new MessageDelta { StopReason = StopReason.EndTurn, StopSequence = null }));
        bool beforeStop = accumulator.IsComplete;
        accumulator.Add(new MessageStopEvent());

        Assert.False(beforeStop);
        Assert.True(accumulator.IsComplete);
        Assert.Equal(StopReason.EndTurn, accumulator.ToMessage().StopReason);
    }

    [Fact]
    public void MessageDeltaFieldsTheSdkDoesNotModelReachTheMessage()
    {
        MessageAccumulator accumulator = Started();
        accumulator.Add(Parse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\",\"stop_sequence\":null,\"stop_details\":{\"type\":\"refusal\",\"category\":\"cyber\"}},\"usage\":{\"output_tokens\":3}}"));

        Message message = accumulator.ToMessage();

        Assert.Equal(StopReason.Refusal, message.StopReason);
        Assert.Equal("cyber", message.AdditionalProperties!["stop_details"].GetProperty("category").GetString());
    }

    [Fact]
    public void BeforeMessageStartTheMessageIsEmpty()
    {
        var accumulator = new MessageAccumulator();

        Message message = accumulator.ToMessage();

        Assert.False(accumulator.HasStarted);
        Assert.Empty(message.Content);
        Assert.Null(message.StopReason);
    }

    private static MessageAccumulator Started()
    {
        var accumulator = new MessageAccumulator();
        accumulator.Add(new MessageStartEvent(new Message { Id = "msg_test", Model = AkiModels.Llama3Chat70B, Usage = new Usage { InputTokens = 10, OutputTokens = 1 } }));
        return accumulator;
    }

    private static ContentBlockDeltaEvent JsonDelta(int index, string fragment) => new(index, new InputJsonDelta(fragment));

    private static MessageStreamEvent Parse(string name, string data)
    {
        byte[] nameBytes = Sse.Utf8(name);
        byte[] dataBytes = Sse.Utf8(data);
        return StreamEventParser.Parse(StreamEventParser.Classify(nameBytes, dataBytes), nameBytes, dataBytes);
    }

    private static JsonElement Json(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [Fact]
    public void BlockStartFarBeyondTheLastBlockIsIgnoredInsteadOfAllocatingForIt()
    {
        var accumulator = new MessageAccumulator();
        accumulator.Add(new MessageStartEvent(new Message { Id = "msg_gap", Model = AkiModels.Gemma4_26B }));
        accumulator.Add(new ContentBlockStartEvent(0, new TextBlock(string.Empty)));
        accumulator.Add(new ContentBlockDeltaEvent(0, new TextDelta("kept")));
        accumulator.Add(new ContentBlockStartEvent(int.MaxValue, new TextBlock("corrupt")));
        accumulator.Add(new ContentBlockDeltaEvent(int.MaxValue, new TextDelta(" lost")));

        Message message = accumulator.ToMessage();

        Assert.Equal("kept", message.Text);
        Assert.Single(message.Content);
    }

    [Fact]
    public void StreamedToolArgumentsReadTheSameAsElementAndAsTheCallersType()
    {
        var accumulator = new MessageAccumulator();
        accumulator.Add(new MessageStartEvent(new Message { Id = "msg_tool", Model = AkiModels.Llama3Chat70B }));
        accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_1", "get_weather", default)));
        accumulator.Add(new ContentBlockDeltaEvent(0, new InputJsonDelta("{\"location\": \"K\u00f6ln\", ")));
        accumulator.Add(new ContentBlockDeltaEvent(0, new InputJsonDelta("\"unit\": \"celsius\"}  ")));
        accumulator.Add(new ContentBlockStopEvent(0));

        ToolUseBlock typed = accumulator.ToMessage().ToolUses[0];
        ToolUseBlock element = accumulator.ToMessage().ToolUses[0];

        Assert.Equal(new WeatherArguments("Köln", "celsius", 0), typed.GetInput(WeatherToolJsonContext.Default.WeatherArguments));
        Assert.Equal("Köln", element.Input.GetProperty("location").GetString());
        Assert.Equal(new WeatherArguments("Köln", "celsius", 0), element.GetInput(WeatherToolJsonContext.Default.WeatherArguments));
        Assert.False(element.IsInputIncomplete);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(" \n ", true)]
    [InlineData(" x", false)]
    [InlineData(", {}", false)]
    [InlineData("}", false)]
    public void ShortArgumentsParseOnlyWhenWholeAndOwnTheirMemory(string after, bool complete)
    {
        // Arguments within one pooled chunk are parsed from a pooled copy; the Input handed out must not share it.
        var accumulator = new MessageAccumulator();
        accumulator.Add(new MessageStartEvent(new Message { Id = "msg_short", Model = AkiModels.Gemma4_26B }));
        accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_1", "search", default)));
        accumulator.Add(new ContentBlockDeltaEvent(0, new InputJsonDelta("{\"q\": \"K\u00f6ln\", ")));
        accumulator.Add(new ContentBlockDeltaEvent(0, new InputJsonDelta("\"limit\": 3}" + after)));
        accumulator.Add(new ContentBlockStopEvent(0));

        ToolUseBlock call = accumulator.ToMessage().ToolUses[0];
        Assert.Equal(!complete, call.IsInputIncomplete);
        if (complete)
        {
            // Other arguments parsed afterwards reuse the pool; this Input still reads as it did.
            var other = new MessageAccumulator();
            other.Add(new MessageStartEvent(new Message { Id = "msg_other", Model = AkiModels.Gemma4_26B }));
            other.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_2", "search", default)));
            other.Add(new ContentBlockDeltaEvent(0, new InputJsonDelta("{\"q\": \"XXXXXXXX\", \"limit\": 9}")));
            other.Add(new ContentBlockStopEvent(0));
            Assert.Equal(9, other.ToMessage().ToolUses[0].Input.GetProperty("limit").GetInt32());

            Assert.Equal("Köln", call.Input.GetProperty("q").GetString());
            Assert.Equal(3, call.Input.GetProperty("limit").GetInt32());
        }
        else
        {
            Assert.EndsWith(after, call.IncompleteInputJson, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("", true, 2_000)]
    [InlineData(" \n ", true, 2_000)]
    [InlineData(" x", false, 2_000)]
    [InlineData("", true, 20_000)]
    [InlineData(" \n ", true, 20_000)]
    [InlineData("  ", false, 20_000)]
    [InlineData(" x", false, 20_000)]
    [InlineData(", {}", false, 20_000)]
    public void ArgumentsSpanningManyChunksParseInOnePieceAndOnlyWhenWhole(string after, bool complete, int items)
    {
        // Thousands of fragments fill several of the accumulator's chunks; the arguments are read across them, through
        // the pool (2,000 items, about 50 KB) or beside it (20,000 items, above BlockState.LargestPooledArguments).
        var accumulator = new MessageAccumulator();
        accumulator.Add(new MessageStartEvent(new Message { Id = "msg_long", Model = AkiModels.Gemma4_26B }));
        accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_1", "search", default)));
        accumulator.Add(new ContentBlockDeltaEvent(0, new InputJsonDelta("{\"items\": [")));
        Assert.Equal(items > 10_000, items * 24 > BlockState.LargestPooledArguments);
        for (int i = 0; i < items; i++)
        {
            accumulator.Add(new ContentBlockDeltaEvent(0, new InputJsonDelta((i == 0 ? string.Empty : ", ") + "{\"id\": " + i + ", \"q\": \"K\u00f6ln\"}")));
        }

        accumulator.Add(new ContentBlockDeltaEvent(0, new InputJsonDelta(complete ? "]}" + after : after.Length == 2 ? "]" : "]}" + after)));
        accumulator.Add(new ContentBlockStopEvent(0));

        ToolUseBlock call = accumulator.ToMessage().ToolUses[0];
        Assert.Equal(!complete, call.IsInputIncomplete);
        if (complete)
        {
            JsonElement read = call.Input.GetProperty("items");
            Assert.Equal(items, read.GetArrayLength());
            Assert.Equal(items - 1, read[items - 1].GetProperty("id").GetInt32());
            Assert.Equal("Köln", read[items - 1].GetProperty("q").GetString());
        }
        else
        {
            Assert.StartsWith("{\"items\": [{\"id\": 0,", call.IncompleteInputJson);
            Assert.Equal(JsonValueKind.Undefined, call.Input.ValueKind);
        }
    }

    [Fact]
    public void ArgumentsOfOnlyWhitespaceAreAnEmptyObject()
    {
        var accumulator = new MessageAccumulator();
        accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_1", "now", default)));
        accumulator.Add(new ContentBlockDeltaEvent(0, new InputJsonDelta(" \n")));
        accumulator.Add(new ContentBlockStopEvent(0));

        ToolUseBlock call = accumulator.ToMessage().ToolUses[0];
        Assert.False(call.IsInputIncomplete);
        Assert.Equal("{}", call.Input.GetRawText());
    }
}
