using System.Collections.Generic;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Aki.Client.Tests.Messages;

/// <summary>Multi-turn conversations and tool round trips as a user writes them, checked on the wire.</summary>
public class ConversationTests
{
    private const string ToolCallResponse =
        """
        {"id":"chatcmpl-1","type":"message","role":"assistant","model":"qwen3.6-35b",
         "content":[{"type":"thinking","thinking":"Need the weather.","signature":"c1d2e3f4"},
                    {"type":"text","text":"Checking."},
                    {"type":"tool_use","id":"call_a","name":"get_weather","input":{"city":"Vienna"}},
                    {"type":"tool_use","id":"call_b","name":"get_weather","input":{"city":"Graz"}}],
         "stop_reason":"tool_use","usage":{"input_tokens":50,"output_tokens":20}}
        """;

    [Fact]
    public async Task ToolRoundTripEchoesTheWholeAssistantTurnAndAnswersEveryCall()
    {
        using var mock = new MockAki();
        int calls = 0;
        mock.Reply((_, _) => Task.FromResult(MockAki.Json(
            HttpStatusCode.OK,
            Interlocked.Increment(ref calls) == 1 ? ToolCallResponse : TestResponses.Text(AkiModels.Qwen36_35B, "Rain in Vienna, sun in Graz."))));
        using AkiClient client = mock.CreateClient();
        var messages = new List<MessageParam> { MessageParam.User("Weather in Vienna and Graz?") };
        var tools = new[] { Tool.FromJsonSchema("get_weather", "Current weather", """{"type":"object","properties":{"city":{"type":"string"}}}""") };

        Message reply = await client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Qwen36_35B, Tools = tools, Messages = messages });
        messages.Add(MessageParam.Assistant(reply));
        var results = new List<ToolResultBlock>();
        foreach (ToolUseBlock call in reply.ToolUses)
        {
            results.Add(new ToolResultBlock(call.Id) { Content = call.Input.GetProperty("city").GetString() == "Vienna" ? "rain" : "sun" });
        }

        messages.Add(MessageParam.ToolResults(results));
        Message final = await client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Qwen36_35B, Tools = tools, Messages = messages });

        Assert.Equal("Rain in Vienna, sun in Graz.", final.Text);
        JsonAssert.Equivalent(
            $$$"""
            [{"role":"user","content":"Weather in Vienna and Graz?"},
             {"role":"assistant","content":{{{JsonNode.Parse(ToolCallResponse)!["content"]!.ToJsonString()}}}},
             {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_a","content":"rain"},
                                       {"type":"tool_result","tool_use_id":"call_b","content":"sun"}]}]
            """,
            JsonAssert.Property(mock.Requests[1].Body!, "messages").ToJsonString());
    }

    [Fact]
    public async Task EarlierAnswersAreSentBackInOrder()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();
        var messages = new List<MessageParam> { MessageParam.User("Hi") };

        Message first = await client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = messages });
        messages.Add(MessageParam.Assistant(first));
        messages.Add(MessageParam.User("And now?"));
        await client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = messages });

        JsonAssert.Equivalent(
            """
            [{"role":"user","content":"Hi"},{"role":"assistant","content":[{"type":"text","text":"Hello!"}]},
             {"role":"user","content":"And now?"}]
            """,
            JsonAssert.Property(mock.Requests[1].Body!, "messages").ToJsonString());
    }
}
