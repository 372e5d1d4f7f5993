using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aki.Client.Testing.Tests;

/// <summary>Plain HttpClient calls, so the tests see exactly what goes over the socket.</summary>
internal static class Wire
{
    public const string Key = "test-key";
    public const string QuickStartPrompt = "In one sentence: why does data residency in the EU matter?";

    public static string MessagesBody(string model, string text, bool stream = false, int maxTokens = 256) =>
        new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = maxTokens,
            ["stream"] = stream,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        }.ToJsonString();

    public static HttpRequestMessage Post(AkiFixtureServer server, string body, string? key = Key, string? scenario = null, string path = "v1/messages")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        if (scenario is not null)
        {
            request.Headers.Add(AkiFixtureServer.ScenarioHeader, scenario);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request) =>
        http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

    public static async Task<List<SseItem<string>>> ReadEventsAsync(HttpResponseMessage response)
    {
        var items = new List<SseItem<string>>();
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        await foreach (SseItem<string> item in SseParser.Create(stream).EnumerateAsync())
        {
            items.Add(item);
        }

        return items;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static string TypeOf(string data)
    {
        using JsonDocument document = JsonDocument.Parse(data);
        return document.RootElement.GetProperty("type").GetString()!;
    }

    public static string ConcatText(IEnumerable<SseItem<string>> events) =>
        string.Concat(events.Where(e => e.EventType == "content_block_delta").Select(e => JsonNode.Parse(e.Data)!["delta"]!)
            .Where(d => (string?)d["type"] == "text_delta").Select(d => (string?)d["text"]));
}
