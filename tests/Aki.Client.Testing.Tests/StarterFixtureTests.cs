using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aki.Client.Testing.Tests;

/// <summary>Every fixture the package ships is well-formed, and well-formed on the wire.</summary>
public class StarterFixtureTests
{
    private static readonly string[] s_blockEvents = ["content_block_start", "content_block_delta", "content_block_stop"];

    public static TheoryData<string> StarterFixtureNames()
    {
        var names = new TheoryData<string>();
        foreach (Fixture fixture in FixtureLoader.LoadStarter())
        {
            names.Add(fixture.Name);
        }

        return names;
    }

    [Fact]
    public void TheStarterSetCoversEveryModelAndScenarioItPromises()
    {
        List<Fixture> fixtures = FixtureLoader.LoadStarter();

        foreach (string model in new[] { "gemma4-26b", "qwen3.6-35b", "llama3-chat-70b", "minimax-m2.5-230b" })
        {
            // A default: a fixture that matches on the model alone.
            Assert.Single(fixtures, f => f.Match.Model == model && f.Match.Specificity == 2 && f.Match.Scenario is null);
        }

        string[] scenarios = typeof(AkiFixtureScenarios).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();
        Assert.Equal(scenarios.Order(), fixtures.Where(f => f.Match.Scenario is not null).Select(f => f.Match.Scenario!).Order());
        Assert.Single(fixtures, f => f.Match.Path == "/v1/models" && f.Match.Scenario is null);
    }

    [Theory]
    [MemberData(nameof(StarterFixtureNames))]
    public void StarterFixtureIsWellFormed(string name)
    {
        Fixture fixture = FixtureLoader.LoadStarter().Single(f => f.Name == name);
        Assert.False(string.IsNullOrWhiteSpace(fixture.Description));
        FixtureResponse response = fixture.Response;
        if (response.Events is not null)
        {
            AssertWellFormedStream(Concat(response.Events), fault: fixture.Match.Scenario is not null);
        }

        if (response.BodyIsJson)
        {
            using JsonDocument body = JsonDocument.Parse(response.Body!);
            if (response.Status == 200 && fixture.Match.Path == "/v1/messages")
            {
                Assert.Equal("message", body.RootElement.GetProperty("type").GetString());
                Assert.StartsWith("chatcmpl-", body.RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
                Assert.NotNull(body.RootElement.GetProperty("stop_reason").GetString());
            }
            else if (response.Status >= 400)
            {
                Assert.True(body.RootElement.TryGetProperty("error", out _));
            }
        }
    }

    [Theory]
    [MemberData(nameof(StarterFixtureNames))]
    public async Task StarterFixtureStreamsWellFormedOverTheWire(string name)
    {
        Fixture fixture = FixtureLoader.LoadStarter().Single(f => f.Name == name);
        if (fixture.Match.Path != "/v1/messages" || fixture.Match.Stream == false || fixture.Response.IsError || fixture.Response.AbortAfterEvents is not null || fixture.Response.EventDelay is not null)
        {
            return;
        }

        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { ChunkSize = 5 });
        using var http = new HttpClient();
        using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(server, RequestFor(fixture.Match), scenario: fixture.Match.Scenario));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        AssertWellFormedStream(bytes, fault: fixture.Match.Scenario is not null);
        if (fixture.Response.Events is not null)
        {
            Assert.Equal(Concat(fixture.Response.Events), bytes);
        }
    }

    private static void AssertWellFormedStream(byte[] sse, bool fault)
    {
        List<SseItem<string>> events = SseParser.Create(new MemoryStream(sse)).Enumerate().ToList();
        Assert.NotEmpty(events);
        Assert.Equal("message_start", events[0].EventType);
        foreach (SseItem<string> item in events)
        {
            using JsonDocument data = JsonDocument.Parse(item.Data);
            Assert.Equal(item.EventType, data.RootElement.GetProperty("type").GetString());
            if (s_blockEvents.Contains(item.EventType))
            {
                Assert.True(data.RootElement.TryGetProperty("index", out _), item.Data);
            }
        }

        Assert.DoesNotContain(events, e => e.EventType == "ping");
        if (!fault)
        {
            Assert.Equal("message_stop", events[^1].EventType);
            Assert.Equal("message_delta", events[^2].EventType);
            Assert.Single(events, e => e.EventType == "message_stop");
        }
    }

    private static byte[] Concat(IReadOnlyList<SseFrame> frames) => frames.SelectMany(f => f.Bytes).ToArray();

    /// <summary>A streaming request that meets every criterion the fixture states.</summary>
    private static string RequestFor(FixtureMatch match)
    {
        string text = match.UserText ?? match.UserTextContains ?? "Hello";
        var messages = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text });
        for (int i = 1; i < (match.MessageCount ?? 1); i++)
        {
            messages.Add(new JsonObject { ["role"] = i % 2 == 1 ? "assistant" : "user", ["content"] = "More." });
        }

        return new JsonObject
        {
            ["model"] = match.Model ?? "gemma4-26b",
            ["max_tokens"] = 100,
            ["stream"] = true,
            ["messages"] = messages,
        }.ToJsonString();
    }

    [Fact]
    public void EmbeddedResourceNamesKeepTheFolders()
    {
        Assert.Contains(FixtureLoader.ResourcePrefix + "gemma4-26b/eu-data-residency.json", FixtureLoader.StarterResourceNames());
        Assert.All(FixtureLoader.LoadStarter(), f => Assert.DoesNotContain('\\', f.Name));
    }
}
