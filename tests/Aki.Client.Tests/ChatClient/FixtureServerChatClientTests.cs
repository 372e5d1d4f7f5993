using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Aki.Client.Testing;
using Microsoft.Extensions.AI;

namespace Aki.Client.Tests.ChatClient;

/// <summary>The adapter end to end over the fixture server on a real socket, with Microsoft.Extensions.AI's own middleware.</summary>
public sealed class FixtureServerChatClientTests : IAsyncLifetime
{
    private AkiFixtureServer _server = null!;
    private RecordingHandler _recorder = null!;
    private HttpClient _http = null!;
    private AkiClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "ChatClient", "Fixtures") });
        _recorder = new RecordingHandler(new SocketsHttpHandler());
        _http = new HttpClient(_recorder);
        _client = new AkiClient(new AkiClientOptions { ApiKey = "fixture", Endpoint = _server.BaseAddress, MaxRetries = 0 }, _http);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FunctionInvocationRunsParallelCallsThroughSeveralRoundsToEndTurn(bool streaming)
    {
        var called = new List<string>();
        var lockObject = new object();
        AIFunction[] tools =
        [
            AIFunctionFactory.Create((string city) => { lock (lockObject) { called.Add("weather:" + city); } return "rain from 15:00"; }, "get_weather", "Current weather."),
            AIFunctionFactory.Create((string timezone) => { lock (lockObject) { called.Add("time:" + timezone); } return "13:10"; }, "get_local_time", "Local time."),
            AIFunctionFactory.Create((string city, bool indoor) => { lock (lockObject) { called.Add($"cafe:{city}:{indoor}"); } return new { name = "Café Sacher Graz", indoor }; }, "find_cafe", "Finds a café."),
        ];
        using IChatClient chat = _client.AsIChatClient(AkiModels.Llama3Chat70B).AsBuilder().UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [.. tools] };

        ChatResponse response = streaming
            ? await chat.GetStreamingResponseAsync("Plan my afternoon in Graz.", options).ToChatResponseAsync()
            : await chat.GetResponseAsync("Plan my afternoon in Graz.", options);

        Assert.Equal("Take an umbrella and spend the afternoon at Café Sacher Graz.", response.Messages[^1].Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(["cafe:Graz:True", "time:Europe/Vienna", "weather:Graz"], called.Order());
        Assert.Equal(3, _recorder.Bodies.Count);

        // The second request carries both parallel results in one user turn, answering the calls by id.
        JsonNode second = JsonNode.Parse(_recorder.Bodies[1])!;
        JsonArray results = second["messages"]![2]!["content"]!.AsArray();
        Assert.Equal("user", second["messages"]![2]!["role"]!.GetValue<string>());
        Assert.Equal(["chatcmpl-tool-day1a", "chatcmpl-tool-day1b"], results.Select(r => r!["tool_use_id"]!.GetValue<string>()));
        Assert.Equal("rain from 15:00", results[0]!["content"]!.GetValue<string>());
        JsonNode third = JsonNode.Parse(_recorder.Bodies[2])!;
        Assert.Equal(5, third["messages"]!.AsArray().Count);
        JsonAssert.Equivalent("""{"name":"Café Sacher Graz","indoor":true}""", third["messages"]![4]!["content"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task AToolThatThrowsIsReportedToTheModelAsAnError()
    {
        AIFunction failing = AIFunctionFactory.Create(string (string city, string unit) => throw new InvalidOperationException("weather service down"), "get_weather", "Weather.");
        using IChatClient chat = _client.AsIChatClient(AkiModels.Llama3Chat70B).AsBuilder().UseFunctionInvocation(configure: f => f.IncludeDetailedErrors = true).Build();

        ChatResponse response = await chat.GetResponseAsync("What's the weather in Berlin?", new ChatOptions { Tools = [failing] });

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(2, _recorder.Bodies.Count);
        JsonNode result = JsonNode.Parse(_recorder.Bodies[1])!["messages"]![2]!["content"]![0]!;
        Assert.True(result["is_error"]!.GetValue<bool>());
        Assert.Contains("weather service down", result["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task TypedAnswersComeThroughTheForcedTool()
    {
        using IChatClient chat = _client.AsIChatClient(AkiModels.Gemma4_26B);

        ChatResponse<CityFacts> response = await chat.GetResponseAsync<CityFacts>("Facts about Vienna, please.", CityJsonContext.Default.Options);

        Assert.Equal(new CityFacts("Vienna", "Austria", 2005760), response.Result);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        JsonNode body = JsonNode.Parse(_recorder.Bodies.Single())!;
        Assert.Equal("CityFacts", body["tool_choice"]!["name"]!.GetValue<string>());
        Assert.Equal("object", body["tools"]![0]!["input_schema"]!["type"]!.GetValue<string>());
        Assert.Contains("A city and what it is known for.", body["tools"]![0]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATypedAnswerThatDoesNotFitFailsClearlyAndKeepsTheRawAnswer()
    {
        using IChatClient chat = _client.AsIChatClient(AkiModels.Gemma4_26B);

        ChatResponse<CityFacts> response = await chat.GetResponseAsync<CityFacts>("Facts about Graz, please.", CityJsonContext.Default.Options);

        Assert.False(response.TryGetResult(out _));
        Exception error = Assert.ThrowsAny<Exception>(() => response.Result);
        Assert.IsAssignableFrom<JsonException>(error is JsonException ? error : error.InnerException ?? error);
        Assert.Contains("about three hundred thousand", response.Text);
        Assert.IsType<Message>(response.RawRepresentation);
    }

    [Fact]
    public async Task CancellingMidStreamEndsWithOperationCanceled()
    {
        using IChatClient chat = _client.AsIChatClient(AkiModels.Gemma4_26B);
        using var cancel = new CancellationTokenSource();
        var texts = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Count slowly to five.", cancellationToken: cancel.Token))
            {
                if (update.Text.Length > 0)
                {
                    texts.Add(update.Text);
                    cancel.Cancel();
                }
            }
        });

        Assert.Equal(["One, "], texts);
    }

    public static TheoryData<string, string> Answers() => new()
    {
        { AkiModels.Gemma4_26B, "In one sentence: why does data residency in the EU matter?" },
        { AkiModels.Qwen36_35B, "What is 17 times 23?" },
        { AkiModels.Llama3Chat70B, "What's the weather in Vienna, and what time is it there?" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task AStreamedAnswerFoldsIntoTheNonStreamingOne(string model, string prompt)
    {
        using IChatClient chat = _client.AsIChatClient(model);

        ChatResponse whole = await chat.GetResponseAsync(prompt);
        ChatResponse streamed = await chat.GetStreamingResponseAsync(prompt).ToChatResponseAsync();

        Assert.Equal(ChatProjection.Of(whole), ChatProjection.Of(streamed));
        Assert.NotEmpty(whole.Messages[0].Contents);
    }

    [Fact]
    public async Task NativeCallersRunToolsFromAIFunctions()
    {
        AIFunction[] functions =
        [
            AIFunctionFactory.Create((string city, string unit) => $"12 °C in {city}", "get_weather", "Weather."),
            AIFunctionFactory.Create((string timezone) => "14:05", "get_local_time", "Local time."),
        ];
        var messages = new List<MessageParam> { MessageParam.User("What's the weather in Vienna, and what time is it there?") };
        var request = new MessageRequest { Model = AkiModels.Llama3Chat70B, Messages = messages, Tools = functions.Select(f => f.ToAkiTool()).ToList() };

        Message first = await _client.Messages.CreateAsync(request);
        MessageParam results = await first.InvokeToolsAsync(functions);
        messages.Add(MessageParam.Assistant(first));
        messages.Add(results);
        Message final = await _client.Messages.CreateAsync(request with { Messages = messages });

        Assert.Equal(StopReason.EndTurn, final.StopReason);
        var blocks = results.Content.Blocks!.Cast<ToolResultBlock>().ToList();
        Assert.Equal(first.ToolUses.Select(t => t.Id), blocks.Select(b => b.ToolUseId));
        Assert.Equal(["12 °C in Vienna", "14:05"], blocks.Select(b => b.Content!.Text));
        JsonNode tool = JsonNode.Parse(_recorder.Bodies[0])!["tools"]![0]!;
        Assert.Equal("get_weather", tool["name"]!.GetValue<string>());
        Assert.Equal("string", tool["input_schema"]!["properties"]!["city"]!["type"]!.GetValue<string>());
    }

    /// <summary>Records each request body on its way to the socket.</summary>
    private sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null && request.Method == HttpMethod.Post)
            {
                Bodies.Add(await request.Content.ReadAsStringAsync(cancellationToken));
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}

[Description("A city and what it is known for.")]
public sealed record CityFacts(string Name, string Country, int Population);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CityFacts))]
internal sealed partial class CityJsonContext : JsonSerializerContext
{
}
