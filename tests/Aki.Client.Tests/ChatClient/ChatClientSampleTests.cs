using Aki.Client.Samples.Chat;
using Aki.Client.Samples.ToolUse;

namespace Aki.Client.Tests.ChatClient;

/// <summary>The ToolUse and Chat samples, run offline against the fixture server as a reader without a key runs them.</summary>
public sealed class ChatClientSampleTests
{
    [Fact]
    public async Task ToolUseCallsBothToolsAndEndsWithTheAnswer()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = await ToolUseSample.RunAsync([], apiKey: null, output, error);

        Assert.Equal(0, exitCode);
        string text = output.ToString();
        Assert.Contains("[tool] get_weather(city: Vienna, unit: celsius)", text);
        Assert.Contains("[tool] get_local_time(timezone: Europe/Vienna)", text);
        Assert.EndsWith("In Vienna it is 12 °C and cloudy, and the local time is 14:05." + Environment.NewLine, text);
        Assert.Contains("AKI_API_KEY is not set", error.ToString());
        Assert.Contains("finish: stop, 3 messages in the loop", error.ToString());
    }

    [Fact]
    public async Task ChatStreamsEachAnswerAndKeepsTheHistoryUntilTheEndOfInput()
    {
        using var input = new StringReader("Hello\n\nAnd why does that matter?\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = await ChatSample.RunAsync(AkiModels.Gemma4_26B, apiKey: null, input, output, error, interactive: false);

        Assert.Equal(0, exitCode);
        string[] answers = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, answers.Length);
        Assert.All(answers, answer => Assert.StartsWith("EU data residency matters", answer));
        Assert.Contains("AKI_API_KEY is not set", error.ToString());
        Assert.Contains("[turn 1: gemma4-26b", error.ToString());
        Assert.Contains("2 messages in the conversation]", error.ToString());
        Assert.Contains("[turn 2: gemma4-26b", error.ToString());
        Assert.Contains("4 messages in the conversation]", error.ToString());
    }
}
