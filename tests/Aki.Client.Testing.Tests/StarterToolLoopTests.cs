using Aki.Client.Testing;

namespace Aki.Client.Testing.Tests;

/// <summary>
/// Every starter tool fixture ends its loop: a client that answers each tool call with a result gets an
/// <c>end_turn</c> answer on the next request, streamed or not.
/// </summary>
public sealed class StarterToolLoopTests
{
    public static TheoryData<string, string[], bool> ToolPrompts() => new()
    {
        { "What's the weather in Berlin?", ["get_weather"], false },
        { "What's the weather in Berlin?", ["get_weather"], true },
        { "What's the weather in Vienna, and what time is it there?", ["get_weather", "get_local_time"], false },
        { "What's the weather in Vienna, and what time is it there?", ["get_weather", "get_local_time"], true },
    };

    [Theory]
    [MemberData(nameof(ToolPrompts))]
    public async Task ToolLoopReachesEndTurnAfterOneRound(string prompt, string[] expectedTools, bool stream)
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "test", Endpoint = server.BaseAddress, MaxRetries = 0 });
        var messages = new List<MessageParam> { MessageParam.User(prompt) };
        var calledTools = new List<string>();
        Message answer;

        int requests = 0;
        while (true)
        {
            var request = new MessageRequest { Model = AkiModels.Llama3Chat70B, Messages = messages.ToList() };
            answer = stream ? await client.Messages.StreamAsync(request).GetFinalMessageAsync() : await client.Messages.CreateAsync(request);
            requests++;
            if (answer.StopReason != StopReason.ToolUse)
            {
                break;
            }

            Assert.True(requests < 4, "The fixture loop does not end: the model keeps calling tools.");
            calledTools.AddRange(answer.ToolUses.Select(t => t.Name));
            messages.Add(MessageParam.Assistant(answer));
            messages.Add(MessageParam.ToolResults(answer.ToolUses.Select(t => new ToolResultBlock(t.Id) { Content = "ok" })));
        }

        Assert.Equal(StopReason.EndTurn, answer.StopReason);
        Assert.Equal(2, requests);
        Assert.Equal(expectedTools, calledTools);
        Assert.False(string.IsNullOrWhiteSpace(answer.Text));
    }
}
