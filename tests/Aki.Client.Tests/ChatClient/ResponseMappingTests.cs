using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aki.Client.Tests.ChatClient;

/// <summary>Every row of the response mapping, from a JSON answer to a <see cref="ChatResponse"/>.</summary>
public sealed class ResponseMappingTests : IDisposable
{
    private readonly ChatClientHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task ATextAnswerIsOneAssistantMessageWithIdsModelUsageAndTheRawMessage()
    {
        _harness.Reply("""
            {"id":"chatcmpl-abc","type":"message","role":"assistant","model":"gemma4-26b",
             "content":[{"type":"text","text":"Hallo!"}],"stop_reason":"end_turn",
             "usage":{"input_tokens":10,"output_tokens":3,"cache_read_input_tokens":4,"cache_creation_input_tokens":2,"server_tool_use":{"web_search_requests":0},"future_tokens":7}}
            """);

        ChatResponse response = await _harness.Chat.GetResponseAsync("Hi");

        ChatMessage message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal("Hallo!", Assert.IsType<TextContent>(Assert.Single(message.Contents)).Text);
        Assert.Equal("chatcmpl-abc", response.ResponseId);
        Assert.Equal("chatcmpl-abc", message.MessageId);
        Assert.Equal("gemma4-26b", response.ModelId);
        Assert.NotNull(response.CreatedAt);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Message raw = Assert.IsType<Message>(response.RawRepresentation);
        Assert.Equal("chatcmpl-abc", raw.Id);
        Assert.Same(raw, message.RawRepresentation);

        UsageDetails usage = response.Usage!;
        Assert.Equal(16, usage.InputTokenCount);
        Assert.Equal(3, usage.OutputTokenCount);
        Assert.Equal(19, usage.TotalTokenCount);
        Assert.Equal(4, usage.CachedInputTokenCount);
        Assert.Equal(2, usage.AdditionalCounts!["cache_creation_input_tokens"]);
        Assert.Equal(7, usage.AdditionalCounts!["future_tokens"]);

        Assert.Equal("req_chat_0001", response.AdditionalProperties![AkiChatResponseProperties.RequestId]);
        Assert.Equal(false, response.AdditionalProperties![AkiChatResponseProperties.IsModelFallback]);
        Assert.Equal("gemma4-26b", response.AdditionalProperties![AkiChatResponseProperties.RequestedModel]);
    }

    [Fact]
    public async Task AModelFallbackIsFlagged()
    {
        _harness.Reply(TestResponses.Text("minimax-m2.5-230b", "Hi"));

        ChatResponse response = await _harness.Chat.GetResponseAsync("Hi", new ChatOptions { ModelId = "gemma-typo" });

        Assert.Equal("minimax-m2.5-230b", response.ModelId);
        Assert.Equal(true, response.AdditionalProperties![AkiChatResponseProperties.IsModelFallback]);
    }

    [Fact]
    public async Task ToolUseThinkingAndUnknownBlocksMapToTheirContents()
    {
        _harness.Reply("""
            {"id":"msg_2","type":"message","role":"assistant","model":"qwen3.6-35b",
             "content":[{"type":"thinking","thinking":"Two cities.","signature":"c2ln"},
                        {"type":"redacted_thinking","data":"RkFLRQ=="},
                        {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Vienna","days":3}},
                        {"type":"tool_use","id":"call_2","name":"get_time","input":{}},
                        {"type":"mystery","x":1}],
             "stop_reason":"tool_use","usage":{"input_tokens":5,"output_tokens":9}}
            """);

        ChatResponse response = await _harness.Chat.GetResponseAsync("x");
        IList<AIContent> contents = response.Messages[0].Contents;

        var thinking = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal("Two cities.", thinking.Text);
        Assert.Equal("c2ln", thinking.ProtectedData);
        var redacted = Assert.IsType<TextReasoningContent>(contents[1]);
        Assert.Equal(string.Empty, redacted.Text);
        Assert.Equal("RkFLRQ==", redacted.ProtectedData);
        var call = Assert.IsType<FunctionCallContent>(contents[2]);
        Assert.Equal("call_1", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Vienna", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(3, ((JsonElement)call.Arguments!["days"]!).GetInt32());
        Assert.Empty(Assert.IsType<FunctionCallContent>(contents[3]).Arguments!);
        Assert.Equal("mystery", Assert.IsType<UnknownContentBlock>(Assert.IsType<AIContent>(contents[4]).RawRepresentation).Type);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    public static TheoryData<string, string> StopReasons() => new()
    {
        { "end_turn", "stop" },
        { "stop_sequence", "stop" },
        { "max_tokens", "length" },
        { "tool_use", "tool_calls" },
        { "refusal", "content_filter" },
        { "pause_turn", "pause_turn" },
        { "model_context_window_exceeded", "model_context_window_exceeded" },
    };

    [Theory]
    [MemberData(nameof(StopReasons))]
    public async Task StopReasonsBecomeFinishReasons(string stopReason, string finishReason)
    {
        string stopSequence = stopReason == "stop_sequence" ? "\"END\"" : "null";
        _harness.Reply($$$"""
            {"id":"m","type":"message","role":"assistant","model":"gemma4-26b","content":[{"type":"text","text":"t"}],
             "stop_reason":"{{{stopReason}}}","stop_sequence":{{{stopSequence}}},"usage":{"input_tokens":1,"output_tokens":1}}
            """);

        ChatResponse response = await _harness.Chat.GetResponseAsync("x");

        Assert.Equal(finishReason, response.FinishReason!.Value.Value);
        if (stopReason == "stop_sequence")
        {
            Assert.Equal("END", response.AdditionalProperties![AkiChatResponseProperties.StopSequence]);
        }
    }

    [Fact]
    public void CutOffToolArgumentsStayVisibleAndNeverBecomeAnEmptyObject()
    {
        var block = new ToolUseBlock("call_1", "write_file", default) { IncompleteInputJson = "{\"path\": \"a.txt\", \"lin" };

        FunctionCallContent call = Aki.Client.ChatClient.ChatResponseMapper.MapToolUse(block);

        Assert.Null(call.Arguments);
        Assert.NotNull(call.Exception);
        Assert.Contains("incomplete", call.Exception!.Message);
        Assert.Equal("{\"path\": \"a.txt\", \"lin", call.AdditionalProperties![AkiChatResponseProperties.IncompleteInputJson]);
        Assert.Same(block, call.RawRepresentation);
    }

    [Fact]
    public void MetadataAndServicesDescribeTheProviderAndHandOutTheClient()
    {
        ChatClientMetadata metadata = _harness.Chat.GetService<ChatClientMetadata>()!;

        Assert.Equal("aki.io", metadata.ProviderName);
        Assert.Equal(_harness.Client.BaseAddress, metadata.ProviderUri);
        Assert.Equal(AkiModels.Gemma4_26B, metadata.DefaultModelId);
        Assert.Same(_harness.Client, _harness.Chat.GetService<AkiClient>());
        Assert.Same(_harness.Chat, _harness.Chat.GetService<IChatClient>());
        Assert.Null(_harness.Chat.GetService<AkiClient>("some-key"));
        Assert.Null(_harness.Chat.GetService<HttpClient>());
    }

    [Fact]
    public async Task DisposingTheChatClientLeavesTheAkiClientUsable()
    {
        using AkiClient client = _harness.Mock.CreateClient();
        IChatClient chat = client.AsIChatClient(AkiModels.Gemma4_26B);
        chat.Dispose();

        Message answer = await client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] });

        Assert.Equal("Hello!", answer.Text);
    }
}
