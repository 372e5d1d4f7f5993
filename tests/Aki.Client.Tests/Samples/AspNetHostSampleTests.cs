using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Aki.Client.Samples.AspNetHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Aki.Client.Tests.Samples;

/// <summary>The ASP.NET host sample, started on a real loopback port and answering from the recorded fixtures.</summary>
public sealed class AspNetHostSampleTests : IAsyncLifetime
{
    private const string Prompt = "In one sentence: why does data residency in the EU matter?";
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = await ChatApp.BuildAsync(["--urls=http://127.0.0.1:0", "--Sample:UseFixtures=true", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ChatAnswersWithTheModelsTextAsJson()
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("/chat", new { prompt = Prompt });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("EU data residency matters", answer.RootElement.GetProperty("text").GetString());
        Assert.Equal("gemma4-26b", answer.RootElement.GetProperty("model").GetString());
        Assert.False(answer.RootElement.GetProperty("isModelFallback").GetBoolean());
        Assert.StartsWith("req_", answer.RootElement.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task ChatWithoutAPromptIsABadRequest()
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("/chat", new { prompt = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ChatStreamRelaysTheTextAsServerSentEvents()
    {
        using HttpResponseMessage response = await _http.GetAsync("/chat/stream?prompt=" + Uri.EscapeDataString(Prompt), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var deltas = new List<string>();
        await foreach (SseItem<string> item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            Assert.Equal("delta", item.EventType);
            deltas.Add(item.Data);
        }

        Assert.True(deltas.Count > 1, "the answer should arrive in several events");
        using HttpResponseMessage whole = await _http.PostAsJsonAsync("/chat", new { prompt = Prompt });
        using JsonDocument answer = JsonDocument.Parse(await whole.Content.ReadAsStringAsync());
        Assert.Equal(answer.RootElement.GetProperty("text").GetString(), string.Concat(deltas));
    }

    [Fact]
    public async Task ChatStreamTakesTheWholeConversation()
    {
        var conversation = new
        {
            turns = new[]
            {
                new { role = "user", text = Prompt },
                new { role = "assistant", text = "Because the GDPR applies." },
                new { role = "user", text = "And in one word?" },
            },
        };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/chat/stream") { Content = JsonContent.Create(conversation) };
        using HttpResponseMessage response = await _http.SendAsync(post, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deltas = new List<string>();
        await foreach (SseItem<string> item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            Assert.Equal("delta", item.EventType);
            deltas.Add(item.Data);
        }

        Assert.NotEmpty(string.Concat(deltas));
    }

    [Theory]
    [InlineData("""{"turns":[]}""")]
    [InlineData("""{"turns":[{"role":"user","text":"Hi"},{"role":"assistant","text":"Hello"}]}""")]
    [InlineData("""{"turns":[{"role":"system","text":"Hi"}]}""")]
    [InlineData("""{"turns":[{"role":"user","text":" "}]}""")]
    public async Task AConversationThatDoesNotEndWithTheUsersTurnIsABadRequest(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _http.PostAsync("/chat/stream", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
