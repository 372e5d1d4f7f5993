using System;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Linq;
using System.Threading.Tasks;
using Aki.Client.Serialization;

namespace Aki.Client.Tests.Messages;

/// <summary>Real-shaped /v1/messages responses (Anthropic and the open-model servers behind AKI.IO) read into Message.</summary>
public class ResponseParsingTests
{
    [Fact]
    public async Task TextResponseIsReadWithUsageAndStopReason()
    {
        Message message = await ParseAsync(
            """
            {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"gemma4-26b",
             "content":[{"type":"text","text":"Hello"},{"type":"text","text":", world."}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":12,"cache_creation_input_tokens":3,"cache_read_input_tokens":5,"output_tokens":6,
                      "cache_creation":{"ephemeral_5m_input_tokens":3,"ephemeral_1h_input_tokens":0},"service_tier":"standard"}}
            """);

        Assert.Equal("msg_01XFDUDYJgAACzvnptvVoYEL", message.Id);
        Assert.Equal("message", message.Type);
        Assert.Equal(MessageRole.Assistant, message.Role);
        Assert.Equal("gemma4-26b", message.Model);
        Assert.Equal("Hello, world.", message.Text);
        Assert.Equal(StopReason.EndTurn, message.StopReason);
        Assert.Null(message.StopSequence);
        Assert.Equal(12, message.Usage.InputTokens);
        Assert.Equal(6, message.Usage.OutputTokens);
        Assert.Equal(3, message.Usage.CacheCreationInputTokens);
        Assert.Equal(5, message.Usage.CacheReadInputTokens);
        Assert.Equal(20, message.Usage.TotalInputTokens);
        Assert.Equal(3, message.Usage.CacheCreation!.Ephemeral5mInputTokens);
        Assert.Equal("standard", message.Usage.ServiceTier);
        Assert.Null(message.AdditionalProperties);
    }

    [Fact]
    public async Task StopSequenceHitIsReported()
    {
        Message message = await ParseAsync(Envelope("""[{"type":"text","text":"1, 2, 3"}]""", stopReason: "stop_sequence", extra: "\"stop_sequence\":\"END\","));

        Assert.Equal(StopReason.StopSequence, message.StopReason);
        Assert.Equal("END", message.StopSequence);
    }

    [Fact]
    public async Task TextCitationsAreKeptAsSent()
    {
        const string citation = """{"type":"char_location","cited_text":"grass is green","document_index":0,"document_title":"Nature Facts","start_char_index":10,"end_char_index":24}""";
        Message message = await ParseAsync(Envelope($$$"""[{"type":"text","text":"The grass is green.","citations":[{{{citation}}}]}]"""));

        TextBlock text = Assert.IsType<TextBlock>(Assert.Single(message.Content));
        JsonElement kept = Assert.Single(text.Citations!);
        JsonAssert.Equivalent(citation, kept.GetRawText());
        JsonAssert.Equivalent($$$"""{"type":"text","text":"The grass is green.","citations":[{{{citation}}}]}""", Serialize(message)["content"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task TextWithNullCitationsHasNoCitations()
    {
        Message message = await ParseAsync(Envelope("""[{"type":"text","text":"Hi","citations":null}]"""));

        Assert.Null(Assert.IsType<TextBlock>(Assert.Single(message.Content)).Citations);
    }

    [Fact]
    public async Task ToolUseIsReadWithIdNameAndInput()
    {
        Message message = await ParseAsync(Envelope(
            """
            [{"type":"text","text":"Let me check."},
             {"type":"tool_use","id":"chatcmpl-tool-9f1c","name":"get_weather","input":{"location":"Paris","unit":"celsius"},"caller":{"type":"direct"}}]
            """,
            stopReason: "tool_use"));

        Assert.Equal(StopReason.ToolUse, message.StopReason);
        ToolUseBlock call = Assert.Single(message.ToolUses);
        Assert.Equal("chatcmpl-tool-9f1c", call.Id);
        Assert.Equal("get_weather", call.Name);
        JsonAssert.Equivalent("""{"location":"Paris","unit":"celsius"}""", call.Input.GetRawText());
        Assert.False(call.IsInputIncomplete);
    }

    [Fact]
    public async Task ToolUseInputDeserializesThroughTheCallersSourceGeneratedContext()
    {
        Message message = await ParseAsync(Envelope(
            """[{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"location":"Paris","unit":"celsius","days":3}}]""",
            stopReason: "tool_use"));

        WeatherArguments? arguments = message.ToolUses[0].GetInput(WeatherToolJsonContext.Default.WeatherArguments);

        Assert.Equal(new WeatherArguments("Paris", "celsius", 3), arguments);
    }

    [Fact]
    public async Task ParallelToolUsesAreKeptInOrder()
    {
        Message message = await ParseAsync(Envelope(
            """
            [{"type":"tool_use","id":"call_1","name":"get_weather","input":{"location":"Paris"}},
             {"type":"tool_use","id":"call_2","name":"get_weather","input":{"location":"Rome"}}]
            """,
            stopReason: "tool_use"));

        Assert.Equal(["call_1", "call_2"], message.ToolUses.Select(t => t.Id));
    }

    [Fact]
    public async Task ThinkingWithSignatureIsRead()
    {
        Message message = await ParseAsync(Envelope(
            """[{"type":"thinking","thinking":"The user greets me.","signature":"EtYDCkYICxgCKkAVHEWRYo6R=="},{"type":"text","text":"Hi!"}]"""));

        ThinkingBlock thinking = Assert.IsType<ThinkingBlock>(message.Content[0]);
        Assert.Equal("The user greets me.", thinking.Thinking);
        Assert.Equal("EtYDCkYICxgCKkAVHEWRYo6R==", thinking.Signature);
        Assert.Equal("Hi!", message.Text);
    }

    [Fact]
    public async Task ThinkingWithoutSignatureIsRead()
    {
        Message message = await ParseAsync(Envelope("""[{"type":"thinking","thinking":"Simple greeting."},{"type":"text","text":"Hello there!"}]"""));

        ThinkingBlock thinking = Assert.IsType<ThinkingBlock>(message.Content[0]);
        Assert.Equal("Simple greeting.", thinking.Thinking);
        Assert.Null(thinking.Signature);
    }

    [Fact]
    public async Task RedactedThinkingIsRead()
    {
        Message message = await ParseAsync(Envelope("""[{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"},{"type":"text","text":"Done."}]"""));

        Assert.Equal("EmwKAhgBEgy3va3pzix", Assert.IsType<RedactedThinkingBlock>(message.Content[0]).Data);
    }

    [Fact]
    public async Task UnknownBlockIsKeptAndWrittenBackIdentically()
    {
        const string unknown = """{"type":"web_search_tool_result","tool_use_id":"srvtoolu_01","content":[{"type":"web_search_result","url":"https://aki.io","title":"AKI","encrypted_content":"Eo8B","page_age":null}]}""";
        Message message = await ParseAsync(Envelope($$$"""[{{{unknown}}},{"type":"text","text":"Found it."}]"""));

        UnknownContentBlock block = Assert.IsType<UnknownContentBlock>(message.Content[0]);
        Assert.Equal("web_search_tool_result", block.Type);
        Assert.Equal(unknown, block.Raw.GetRawText());
        Assert.Equal(unknown, Serialize(message)["content"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task UnknownBlockFromAResponseIsSentBackUnchangedInTheNextRequest()
    {
        const string unknown = """{"type":"server_tool_use","id":"srvtoolu_01","name":"web_search","input":{"query":"EU AI act"}}""";
        Message answer = await ParseAsync(Envelope($$$"""[{{{unknown}}}]""", stopReason: "pause_turn"));

        string body = await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with
        {
            Messages = [MessageParam.User("Search"), MessageParam.Assistant(answer)],
        });

        Assert.Equal(unknown, JsonNode.Parse(body)!["messages"]![1]!["content"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task UnknownStopReasonIsKept()
    {
        Message message = await ParseAsync(Envelope("""[{"type":"text","text":"..."}]""", stopReason: "guardrail_intervened"));

        Assert.Equal("guardrail_intervened", message.StopReason!.Value.Value);
        Assert.NotEqual(StopReason.EndTurn, message.StopReason);
    }

    [Fact]
    public async Task UnknownFieldsAreKeptInAdditionalProperties()
    {
        Message message = await ParseAsync(
            """
            {"id":"msg_1","type":"message","role":"assistant","model":"gemma4-26b","content":[{"type":"text","text":"No."}],
             "stop_reason":"refusal","stop_sequence":null,
             "stop_details":{"type":"refusal","category":"cyber","explanation":null},
             "container":{"id":"cntr_1","expires_at":"2026-01-01T00:00:00Z"},
             "kv_transfer_params":null,
             "usage":{"input_tokens":1,"output_tokens":2,"inference_geo":"not_available","output_tokens_details":{"thinking_tokens":0}}}
            """);

        JsonAssert.Equivalent("""{"type":"refusal","category":"cyber","explanation":null}""", message.AdditionalProperties!["stop_details"].GetRawText());
        JsonAssert.Equivalent("""{"id":"cntr_1","expires_at":"2026-01-01T00:00:00Z"}""", message.AdditionalProperties["container"].GetRawText());
        Assert.Equal(JsonValueKind.Null, message.AdditionalProperties["kv_transfer_params"].ValueKind);
        Assert.Equal("not_available", message.Usage.AdditionalProperties!["inference_geo"].GetString());
        Assert.Equal(0, message.Usage.AdditionalProperties["output_tokens_details"].GetProperty("thinking_tokens").GetInt32());
    }

    [Fact]
    public async Task UnknownFieldsAreWrittenBackWhenTheMessageIsSerialized()
    {
        Message message = await ParseAsync(
            """
            {"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":"end_turn",
             "container":{"id":"cntr_1"},"usage":{"input_tokens":1,"output_tokens":2,"inference_geo":"global"}}
            """);

        JsonNode written = Serialize(message);

        JsonAssert.Equivalent("""{"id":"cntr_1"}""", written["container"]!.ToJsonString());
        Assert.Equal("global", written["usage"]!["inference_geo"]!.GetValue<string>());
    }

    [Fact]
    public async Task MissingTypeRoleAndStopSequenceAreTolerated()
    {
        Message message = await ParseAsync(
            """{"id":"chatcmpl-5f0c1d9e","model":"gemma4-26b","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":1}}""");

        Assert.Equal("message", message.Type);
        Assert.Equal(MessageRole.Assistant, message.Role);
        Assert.Null(message.StopSequence);
        Assert.Equal("Hi", message.Text);
    }

    [Fact]
    public async Task MissingContentAndUsageGiveAnEmptyAnswerWithZeroUsage()
    {
        Message message = await ParseAsync("""{"id":"msg_2","model":"gemma4-26b","stop_reason":"end_turn"}""");

        Assert.Empty(message.Content);
        Assert.Equal(string.Empty, message.Text);
        Assert.Empty(message.ToolUses);
        Assert.Equal(0, message.Usage.InputTokens);
        Assert.Equal(0, message.Usage.OutputTokens);
    }

    [Fact]
    public async Task NullContentIsReadAsEmpty()
    {
        Message message = await ParseAsync("""{"id":"msg_3","model":"gemma4-26b","content":null,"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":0}}""");

        Assert.Empty(message.Content);
        Assert.Equal(string.Empty, message.Text);
    }

    [Fact]
    public async Task BlockTypeAfterOtherFieldsIsStillRecognised()
    {
        Message message = await ParseAsync(Envelope("""[{"input":{"q":1},"name":"search","id":"call_7","type":"tool_use"}]""", stopReason: "tool_use"));

        Assert.Equal("search", Assert.IsType<ToolUseBlock>(Assert.Single(message.Content)).Name);
    }

    [Fact]
    public async Task TrailingWhitespaceAfterTheJsonIsAccepted()
    {
        Message message = await ParseAsync(TestResponses.Text("gemma4-26b", "Hi") + "          \r\n\t\n");

        Assert.Equal("Hi", message.Text);
    }

    [Fact]
    public async Task RequestIdHeaderIsExposedOnTheMessage()
    {
        Message message = await ParseAsync(TestResponses.Text("gemma4-26b", "Hi"), ("request-id", "req_011CUdgeEggCMUt3Y8mNfvTP"));

        Assert.Equal("req_011CUdgeEggCMUt3Y8mNfvTP", message.RequestId);
    }

    [Fact]
    public async Task XRequestIdHeaderIsUsedWhenThereIsNoRequestId()
    {
        Message message = await ParseAsync(TestResponses.Text("gemma4-26b", "Hi"), ("x-request-id", "3f1c2d9a-vllm"));

        Assert.Equal("3f1c2d9a-vllm", message.RequestId);
    }

    [Fact]
    public async Task MessageWithoutRequestIdHeaderHasNullRequestId()
    {
        Message message = await ParseAsync(TestResponses.Text("gemma4-26b", "Hi"));

        Assert.Null(message.RequestId);
    }

    [Fact]
    public async Task ServedModelThatDiffersFromTheRequestedOneIsFlaggedAsFallback()
    {
        Message message = await ParseAsync(TestResponses.Text(AkiModels.MiniMaxM25_230B, "Hi"), requestedModel: AkiModels.Gemma4_26B);

        Assert.Equal(AkiModels.Gemma4_26B, message.RequestedModel);
        Assert.Equal(AkiModels.MiniMaxM25_230B, message.Model);
        Assert.True(message.IsModelFallback);
    }

    [Theory]
    [InlineData(AkiModels.Gemma4_26B, AkiModels.Gemma4_26B)]
    [InlineData(AkiModels.Gemma4_26B, "GEMMA4-26B")]
    [InlineData(AkiModels.Gemma4Chat26B, AkiModels.Gemma4_26B)]
    [InlineData(AkiModels.Gemma4_26B, AkiModels.Gemma4Chat26B)]
    [InlineData(AkiModels.Qwen36Chat35B, "Qwen3.6-35B")]
    public async Task ServedModelMatchingByAliasOrCaseIsNotAFallback(string requested, string served)
    {
        Message message = await ParseAsync(TestResponses.Text(served, "Hi"), requestedModel: requested);

        Assert.False(message.IsModelFallback);
    }

    [Fact]
    public async Task ResponseWithoutAModelIsNotAFallback()
    {
        Message message = await ParseAsync("""{"id":"m","content":[],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}""");

        Assert.Equal(string.Empty, message.Model);
        Assert.False(message.IsModelFallback);
    }

    [Fact]
    public void MessageBuiltByHandIsNeverAFallback()
    {
        var message = new Message { Model = AkiModels.MiniMaxM25_230B, Content = [new TextBlock("Hi")] };

        Assert.False(message.IsModelFallback);
        Assert.Equal("Hi", message.Text);
    }

    [Fact]
    public async Task ParsedJsonStaysValidAfterLaterResponsesReuseTheReadBuffer()
    {
        Message first = await ParseAsync(Envelope(
            """[{"type":"tool_use","id":"call_1","name":"f","input":{"city":"Vienna"}},{"type":"text","text":"x","citations":[{"type":"char_location","cited_text":"abc"}]}]"""));
        for (int i = 0; i < 5; i++)
        {
            await ParseAsync(Envelope($$$"""[{"type":"tool_use","id":"call_x","name":"g","input":{"other":"{{{new string('z', 300 + i)}}}"}}]"""));
        }

        Assert.Equal("Vienna", first.ToolUses[0].Input.GetProperty("city").GetString());
        Assert.Equal("abc", ((TextBlock)first.Content[1]).Citations![0].GetProperty("cited_text").GetString());
    }

    private static string Envelope(string content, string stopReason = "end_turn", string extra = "") =>
        $$$"""
        {"id":"msg_0123","type":"message","role":"assistant","model":"gemma4-26b","content":{{{content}}},
         {{{extra}}}"stop_reason":"{{{stopReason}}}","usage":{"input_tokens":10,"output_tokens":5}}
        """;

    private static async Task<Message> ParseAsync(string body, params (string Name, string Value)[] headers) =>
        await ParseAsync(body, AkiModels.Gemma4_26B, headers);

    private static async Task<Message> ParseAsync(string body, string requestedModel, params (string Name, string Value)[] headers)
    {
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, body, headers);
        using AkiClient client = mock.CreateClient();
        return await client.Messages.CreateAsync(TestRequests.Hello(requestedModel));
    }

    private static JsonNode Serialize(Message message) => JsonNode.Parse(JsonSerializer.Serialize(message, AkiJsonContext.Default.Message))!;
}

public sealed record WeatherArguments(string Location, string Unit, int Days);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(WeatherArguments))]
internal sealed partial class WeatherToolJsonContext : JsonSerializerContext
{
}
