using System.ComponentModel;
using Aki.Client;
using Aki.Client.Testing;
using Microsoft.Extensions.AI;

namespace Aki.Client.Samples.ToolUse;

/// <summary>
/// Tool use through Microsoft.Extensions.AI: two C# methods become tools, <c>UseFunctionInvocation()</c> runs the
/// loop, and the model calls both tools in parallel before it answers. With AKI_API_KEY set, a live model answers;
/// without it, a local fixture server (Aki.Client.Testing) plays the recorded conversation, offline.
/// </summary>
public static class ToolUseSample
{
    public const string DefaultPrompt = "What's the weather in Vienna, and what time is it there?";

    public static Task<int> Main(string[] args) =>
        RunAsync(args, Environment.GetEnvironmentVariable(AkiClientOptions.ApiKeyEnvironmentVariable), Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, string? apiKey, TextWriter output, TextWriter error)
    {
        string prompt = args.Length > 0 ? string.Join(' ', args) : DefaultPrompt;

        await using AkiFixtureServer? fixtures = string.IsNullOrWhiteSpace(apiKey) ? await AkiFixtureServer.StartAsync() : null;
        AkiClientOptions options = fixtures is null
            ? new AkiClientOptions { ApiKey = apiKey }
            : new AkiClientOptions { ApiKey = "fixture", Endpoint = fixtures.BaseAddress };
        if (fixtures is not null)
        {
            error.WriteLine($"AKI_API_KEY is not set: answering from recorded fixtures served at {fixtures.BaseAddress}, not from a live model.");
            error.WriteLine("The recorded conversation answers prompts that mention Vienna. To ask AKI.IO for real, get a key at https://aki.io and run:");
            error.WriteLine("  AKI_API_KEY=... dotnet run --project samples/ToolUse");
            error.WriteLine();
        }

        using var client = new AkiClient(options);
        var tools = new WeatherTools(output);

        // The adapter speaks the Messages API; the middleware calls the tools and sends their results back until the model is done.
        using IChatClient chat = client.AsIChatClient(AkiModels.Llama3Chat70B)
            .AsBuilder()
            .UseFunctionInvocation(configure: invoker => invoker.AllowConcurrentInvocation = true)
            .Build();

        var chatOptions = new ChatOptions
        {
            // The names are the ones the model calls; without one, a function is named after its method.
            Tools = [AIFunctionFactory.Create(tools.GetWeather, "get_weather"), AIFunctionFactory.Create(tools.GetLocalTime, "get_local_time")],
        };

        ChatResponse response = await chat.GetResponseAsync(prompt, chatOptions);

        output.WriteLine(response.Text);
        error.WriteLine($"[{response.ModelId}, finish: {response.FinishReason}, {response.Messages.Count} messages in the loop, {response.Usage?.InputTokenCount} in / {response.Usage?.OutputTokenCount} out{(fixtures is null ? string.Empty : ", recorded fixture")}]");
        return response.FinishReason == ChatFinishReason.Stop ? 0 : 1;
    }

    /// <summary>The tools: plain methods, described for the model with [Description].</summary>
    private sealed class WeatherTools(TextWriter log)
    {
        [Description("The current weather in a city.")]
        public string GetWeather([Description("The city, for example Vienna.")] string city, [Description("celsius or fahrenheit")] string unit = "celsius")
        {
            log.WriteLine($"[tool] get_weather(city: {city}, unit: {unit})");
            return unit == "fahrenheit" ? $"54 °F and cloudy in {city}" : $"12 °C and cloudy in {city}";
        }

        [Description("The local time in an IANA time zone.")]
        public string GetLocalTime([Description("The time zone, for example Europe/Vienna.")] string timezone)
        {
            log.WriteLine($"[tool] get_local_time(timezone: {timezone})");
            TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(timezone);
            return TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).ToString("HH:mm");
        }
    }
}
