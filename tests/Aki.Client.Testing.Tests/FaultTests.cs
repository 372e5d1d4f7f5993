using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Aki.Client.Testing.Tests;

public class FaultTests
{
    [Fact]
    public async Task DroppedConnectionFailsTheClientMidBodyAfterTheGivenEvents()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi", stream: true), scenario: AkiFixtureScenarios.ConnectionDrop));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = new List<SseItem<string>>();
        Exception error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using Stream stream = await response.Content.ReadAsStreamAsync();
            await foreach (SseItem<string> item in SseParser.Create(stream).EnumerateAsync())
            {
                received.Add(item);
            }
        });

        Assert.True(error is IOException or HttpRequestException, error.ToString());
        Assert.Equal(["message_start", "content_block_start", "content_block_delta"], received.Select(e => e.EventType));
    }

    [Fact]
    public async Task DroppedConnectionCutsANonStreamingBodyInHalf()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => http.SendAsync(Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi"), scenario: AkiFixtureScenarios.ConnectionDrop)));

        Assert.True(error is IOException or HttpRequestException, error.ToString());
    }

    [Theory]
    [InlineData(AkiFixtureScenarios.RateLimited, 429, "rate_limit_error", "2")]
    [InlineData(AkiFixtureScenarios.Overloaded, 529, "overloaded_error", "1")]
    public async Task RateLimitAndOverloadCarryRetryAfter(string scenario, int status, string errorType, string retryAfter)
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        // Errors come as JSON whether or not a stream was asked for.
        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("qwen3.6-35b", "Hi", stream: true), scenario: scenario));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(retryAfter, response.Headers.GetValues("retry-after").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("req_", response.Headers.GetValues("request-id").Single(), StringComparison.Ordinal);
        Assert.Equal(errorType, (await Wire.ReadJsonAsync(response)).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ServerErrorComesAsAnHtmlPage()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi"), scenario: AkiFixtureScenarios.ServerErrorHtml));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>500 Internal Server Error</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadRequestInTheOpenAIShapeHasNoTopLevelType()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi"), scenario: AkiFixtureScenarios.BadRequestOpenAIShape));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement body = await Wire.ReadJsonAsync(response);
        Assert.False(body.TryGetProperty("type", out _));
        Assert.Equal(400, body.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task MidStreamErrorEventArrivesOnA200Stream()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi", stream: true), scenario: AkiFixtureScenarios.MidStreamError));
        List<SseItem<string>> events = await Wire.ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Partial", Wire.ConcatText(events));
        Assert.Equal("error", events[^1].EventType);
        Assert.Equal("internal_error", (string?)JsonNode.Parse(events[^1].Data)!["error"]!["type"]);
    }

    [Fact]
    public async Task MidStreamErrorBecomesAn500ForANonStreamingRequest()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi"), scenario: AkiFixtureScenarios.MidStreamError));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("internal_error", (await Wire.ReadJsonAsync(response)).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task TruncatedStreamEndsCleanlyWithoutMessageStop()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi", stream: true), scenario: AkiFixtureScenarios.StreamTruncated));
        List<SseItem<string>> events = await Wire.ReadEventsAsync(response);

        Assert.Equal("content_block_delta", events[^1].EventType);
        Assert.DoesNotContain(events, e => e.EventType == "message_stop");
    }

    [Fact]
    public async Task ModelFallbackAnswersWithMiniMaxWhateverWasAsked()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage json = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("claude-3-5-sonnet", "Hi"), scenario: AkiFixtureScenarios.ModelFallback));
        using HttpResponseMessage stream = await Wire.SendAsync(http, Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi", stream: true), scenario: AkiFixtureScenarios.ModelFallback));

        Assert.Equal("minimax-m2.5-230b", (await Wire.ReadJsonAsync(json)).GetProperty("model").GetString());
        List<SseItem<string>> events = await Wire.ReadEventsAsync(stream);
        Assert.Equal("minimax-m2.5-230b", (string?)JsonNode.Parse(events[0].Data)!["message"]!["model"]);
    }

    [Fact]
    public async Task SlowDripWaitsOnTheConfiguredClockBeforeEachEvent()
    {
        var clock = new FakeTimeProvider();
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { TimeProvider = clock });
        using var http = new HttpClient();

        using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi", stream: true), scenario: AkiFixtureScenarios.SlowDrip));
        Task<List<SseItem<string>>> reading = Wire.ReadEventsAsync(response);

        // The headers are out, but no event comes until the clock moves.
        Assert.NotSame(reading, await Task.WhenAny(reading, Task.Delay(100)));
        int advances = 0;
        while (!reading.IsCompleted && advances < 200)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            advances++;
            await Task.WhenAny(reading, Task.Delay(10));
        }

        List<SseItem<string>> events = await reading;
        Assert.Equal("message_stop", events[^1].EventType);
        Assert.True(advances >= events.Count, $"{events.Count} events after {advances} clock advances");
    }

    [Fact]
    public async Task EventDelayOptionAppliesToEveryStream()
    {
        var clock = new FakeTimeProvider();
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { TimeProvider = clock, EventDelay = TimeSpan.FromSeconds(30) });
        using var http = new HttpClient();

        using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(server, Wire.MessagesBody("minimax-m2.5-230b", "Hi", stream: true)));
        Task<List<SseItem<string>>> reading = Wire.ReadEventsAsync(response);
        Assert.NotSame(reading, await Task.WhenAny(reading, Task.Delay(50)));
        for (int i = 0; i < 200 && !reading.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(reading, Task.Delay(10));
        }

        Assert.Equal("message_stop", (await reading)[^1].EventType);
    }

    [Fact]
    public async Task DisposingTheServerEndsStreamsStillBeingWritten()
    {
        AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { EventDelay = TimeSpan.FromHours(1) });
        using var http = new HttpClient();
        using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi", stream: true)));
        Task<List<SseItem<string>>> reading = Wire.ReadEventsAsync(response);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"stopping took {stopwatch.Elapsed}");
        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => reading);
        Assert.True(error is IOException or HttpRequestException, error.ToString());
    }
}
