using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aki.Client.Testing.Tests;

public class ReplayTests
{
    [Fact]
    public async Task BaseAddressIsAnEphemeralLoopbackPort()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();

        Assert.Equal("http", server.BaseAddress.Scheme);
        Assert.True(server.BaseAddress.IsLoopback);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.EndsWith("/", server.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("gemma4-26b/eu-data-residency", server.FixtureNames);
    }

    [Fact]
    public async Task NonStreamingRequestGetsTheJsonFixtureWithARequestId()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Translate 'data residency' into German.")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("req_", response.Headers.GetValues("request-id").Single(), StringComparison.Ordinal);
        JsonElement body = await Wire.ReadJsonAsync(response);
        Assert.Equal("gemma4-26b", body.GetProperty("model").GetString());
        Assert.StartsWith("chatcmpl-", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Contains("Datenresidenz", body.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("für", body.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamingAnswerHasCorrectEventFramingAndTheOpenModelDeviations()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(server, Wire.MessagesBody("gemma4-26b", Wire.QuickStartPrompt, stream: true)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.StartsWith("req_", response.Headers.GetValues("request-id").Single(), StringComparison.Ordinal);
        List<SseItem<string>> events = await Wire.ReadEventsAsync(response);
        Assert.Equal("message_start", events[0].EventType);
        Assert.Equal("message_stop", events[^1].EventType);
        Assert.DoesNotContain(events, e => e.EventType == "ping");
        Assert.All(events, e => Assert.Equal(e.EventType, Wire.TypeOf(e.Data)));
        Assert.Equal(
            "EU data residency matters because keeping personal data on servers inside the EU keeps it under the GDPR's protection and out of reach of foreign laws such as the US CLOUD Act, which lowers legal risk and earns the trust of customers and regulators.",
            Wire.ConcatText(events));

        JsonNode start = JsonNode.Parse(events[0].Data)!["message"]!;
        Assert.StartsWith("chatcmpl-", (string?)start["id"], StringComparison.Ordinal);
        Assert.False(start.AsObject().ContainsKey("stop_sequence"));
        Assert.Equal(0, (int)start["usage"]!["input_tokens"]!);
        JsonNode delta = JsonNode.Parse(events[^2].Data)!;
        Assert.Equal(46, (int)delta["usage"]!["output_tokens"]!);
        Assert.False(delta["delta"]!.AsObject().ContainsKey("stop_sequence"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public async Task StreamingAnswerGoesOutInHttpChunksOfAtMostTheChunkSize(int chunkSize)
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { ChunkSize = chunkSize });

        (string head, List<byte[]> chunks) = await RawHttp.PostChunkedAsync(server.BaseAddress, "/v1/messages", Wire.MessagesBody("gemma4-26b", Wire.QuickStartPrompt, stream: true), Wire.Key);

        Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
        Assert.Contains("transfer-encoding: chunked", head, StringComparison.OrdinalIgnoreCase);
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, chunkSize));
        byte[] body = chunks.SelectMany(c => c).ToArray();
        Assert.True(chunks.Count >= body.Length / chunkSize, $"{chunks.Count} chunks for {body.Length} bytes");
        List<SseItem<string>> events = SseParser.Create(new MemoryStream(body)).Enumerate().ToList();
        Assert.Equal(17, events.Count);
        Assert.Equal("message_stop", events[^1].EventType);
    }

    [Fact]
    public async Task AStreamFixtureAnswersANonStreamingRequestWithTheFoldedMessage()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("qwen3.6-35b", "Is 221 a prime number?")));

        JsonElement body = await Wire.ReadJsonAsync(response);
        Assert.Equal("message", body.GetProperty("type").GetString());
        Assert.Equal("end_turn", body.GetProperty("stop_reason").GetString());
        Assert.Equal(87, body.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        JsonElement thinking = body.GetProperty("content")[0];
        Assert.Equal("thinking", thinking.GetProperty("type").GetString());
        Assert.Matches("^[0-9a-f]{32}$", thinking.GetProperty("signature").GetString());
        Assert.Equal("No. 221 = 13 × 17, so it is not a prime number.", body.GetProperty("content")[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task AJsonFixtureAnswersAStreamingRequestWithEventsSpelledOut()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(server, Wire.MessagesBody("minimax-m2.5-230b", "Hello", stream: true)));
        List<SseItem<string>> events = await Wire.ReadEventsAsync(response);

        Assert.Equal(
            ["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.EventType));
        Assert.Equal("Hello! I am MiniMax M2.5, served from EU data centres by AKI.IO. How can I help?", Wire.ConcatText(events));
        Assert.Equal("end_turn", (string?)JsonNode.Parse(events[4].Data)!["delta"]!["stop_reason"]);
    }

    [Fact]
    public async Task ParallelToolCallsStreamEachInputInOneDelta()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(server, Wire.MessagesBody("llama3-chat-70b", "What's the weather in Vienna, and what time is it there?", stream: true)));
        List<SseItem<string>> events = await Wire.ReadEventsAsync(response);

        List<JsonNode> toolStarts = events.Where(e => e.EventType == "content_block_start").Select(e => JsonNode.Parse(e.Data)!["content_block"]!).ToList();
        Assert.Equal(2, toolStarts.Count);
        Assert.All(toolStarts, b => Assert.StartsWith("chatcmpl-tool-", (string?)b["id"], StringComparison.Ordinal));
        List<string> inputs = events.Where(e => e.EventType == "content_block_delta").Select(e => (string)JsonNode.Parse(e.Data)!["delta"]!["partial_json"]!).ToList();
        Assert.Equal(["get_weather", "get_local_time"], toolStarts.Select(b => (string)b["name"]!));
        Assert.Equal(["{\"city\": \"Vienna\", \"unit\": \"celsius\"}", "{\"timezone\": \"Europe/Vienna\"}"], inputs);
    }

    [Theory]
    [InlineData("qwen3.6-35b", "Write a haiku about the Alps.", "thinking-no-signature")]
    [InlineData("qwen3.6-35b", "Is 221 a prime number?", "thinking-signature")]
    [InlineData("gemma4-26b", "Anything at all", "default")]
    public async Task TheMostSpecificFixtureWins(string model, string prompt, string expected)
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(server, Wire.MessagesBody(model, prompt, stream: true)));
        List<SseItem<string>> events = await Wire.ReadEventsAsync(response);

        bool signed = events.Any(e => e.Data.Contains("signature_delta", StringComparison.Ordinal));
        switch (expected)
        {
            case "thinking-no-signature":
                Assert.False(signed);
                Assert.StartsWith("Snow on the high pass", Wire.ConcatText(events), StringComparison.Ordinal);
                break;
            case "thinking-signature":
                Assert.True(signed);
                break;
            default:
                Assert.StartsWith("EU data residency", Wire.ConcatText(events), StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public async Task TheThirdMessageOfAToolRoundTripGetsTheFinalAnswer()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();
        string body = """
            {"model":"llama3-chat-70b","max_tokens":512,"messages":[
              {"role":"user","content":"What's the weather in Berlin?"},
              {"role":"assistant","content":[{"type":"tool_use","id":"chatcmpl-tool-1","name":"get_weather","input":{"city":"Berlin"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"chatcmpl-tool-1","content":"18 C, sunny"}]}]}
            """;

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, body));

        JsonElement message = await Wire.ReadJsonAsync(response);
        Assert.Equal("It is 18 °C and sunny in Berlin right now.", message.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task PathsUnderAnthropicAreServedToo()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("minimax-m2.5-230b", "Hi"), path: "anthropic/v1/messages"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ModelListComesInTheVllmShapeWithZeroContextLengths()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "v1/models"));
        request.Headers.Add("x-api-key", Wire.Key);

        using HttpResponseMessage response = await http.SendAsync(request);

        JsonElement list = await Wire.ReadJsonAsync(response);
        Assert.Equal("list", list.GetProperty("object").GetString());
        List<JsonElement> cards = list.GetProperty("data").EnumerateArray().ToList();
        Assert.Contains(cards, c => c.GetProperty("id").GetString() == "gemma4-26b" && c.GetProperty("max_model_len").GetInt32() == 262144);
        Assert.Contains(cards, c => c.GetProperty("id").GetString() == "qwen3.6-35b" && c.GetProperty("max_model_len").GetInt32() == 0);
    }

    [Fact]
    public async Task ModelListInTheAnthropicShapeIsAScenario()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "v1/models"));
        request.Headers.Add("authorization", "Bearer " + Wire.Key);
        request.Headers.Add(AkiFixtureServer.ScenarioHeader, AkiFixtureScenarios.ModelsAnthropicShape);

        using HttpResponseMessage response = await http.SendAsync(request);

        JsonElement list = await Wire.ReadJsonAsync(response);
        Assert.False(list.GetProperty("has_more").GetBoolean());
        Assert.Equal("model", list.GetProperty("data")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task AFolderFixtureReplacesTheStarterFixtureOfTheSameName()
    {
        string folder = Directory.CreateTempSubdirectory("aki-fixtures-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "minimax-m2.5-230b"));
            await File.WriteAllTextAsync(Path.Combine(folder, "minimax-m2.5-230b", "text.json"), """
                {
                  // Comments and trailing commas are fine in hand-written fixtures.
                  "match": { "model": "minimax-m2.5-230b" },
                  "response": { "body": { "type": "message", "model": "minimax-m2.5-230b", "content": [{ "type": "text", "text": "Mine." }], },
                               "headers": { "x-custom": "yes" } },
                }
                """);
            await using AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { FixtureDirectory = folder });
            using var http = new HttpClient();

            using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("minimax-m2.5-230b", "Hi")));

            Assert.Equal("yes", response.Headers.GetValues("x-custom").Single());
            Assert.Equal("Mine.", (await Wire.ReadJsonAsync(response)).GetProperty("content")[0].GetProperty("text").GetString());
            Assert.Contains("gemma4-26b/eu-data-residency", server.FixtureNames);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AnInvalidFixtureFailsTheStartNamingFileAndProblem()
    {
        string folder = Directory.CreateTempSubdirectory("aki-fixtures-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "typo.json"), """{"match":{"modle":"gemma4-26b"},"response":{"body":{}}}""");

            InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { FixtureDirectory = folder }));

            Assert.Contains("typo.json", error.Message, StringComparison.Ordinal);
            Assert.Contains("\"modle\"", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
