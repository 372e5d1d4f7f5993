using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Aki.Client.Testing.Tests;

/// <summary>Record mode against a second fixture server standing in for AKI.IO, which accepts only the real key.</summary>
public sealed class RecordTests : IDisposable
{
    private const string UpstreamKey = "sk-upstream-secret-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("aki-recordings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task StreamIsPassedOnSavedWithoutTheKeyAndReplayedOnceTheUpstreamIsGone()
    {
        string body = Wire.MessagesBody("qwen3.6-35b", "Is 221 a prime number?", stream: true);
        List<SseItem<string>> live;
        using var http = new HttpClient();
        await using (AkiFixtureServer upstream = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { ApiKey = UpstreamKey }))
        await using (AkiFixtureServer recorder = await StartRecorderAsync(upstream.BaseAddress))
        {
            using HttpResponseMessage response = await Wire.SendAsync(http, Wire.Post(recorder, body, key: "client-side-key"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            live = await Wire.ReadEventsAsync(response);
            Assert.Equal("message_stop", live[^1].EventType);
            Assert.Contains(recorder.FixtureNames, n => n.StartsWith("recorded/qwen3.6-35b/", StringComparison.Ordinal));
        }

        string file = Assert.Single(Directory.GetFiles(_folder, "*.json", SearchOption.AllDirectories));
        string saved = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain(UpstreamKey, saved, StringComparison.Ordinal);
        Assert.DoesNotContain("client-side-key", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("x-api-key", saved, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("request-id", saved, StringComparison.OrdinalIgnoreCase);
        using (JsonDocument document = JsonDocument.Parse(saved))
        {
            JsonElement match = document.RootElement.GetProperty("match");
            Assert.Equal("qwen3.6-35b", match.GetProperty("model").GetString());
            Assert.True(match.GetProperty("stream").GetBoolean());
            Assert.Equal(1, match.GetProperty("messageCount").GetInt32());
            Assert.Equal("Is 221 a prime number?", match.GetProperty("userText").GetString());
            Assert.StartsWith("event: message_start\n", document.RootElement.GetProperty("response").GetProperty("sse").GetString(), StringComparison.Ordinal);
        }

        // Replay, with the starter set switched off so only the recording can answer.
        await using AkiFixtureServer replay = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { FixtureDirectory = _folder, IncludeStarterFixtures = false });
        using HttpResponseMessage replayed = await Wire.SendAsync(http, Wire.Post(replay, body));
        List<SseItem<string>> events = await Wire.ReadEventsAsync(replayed);
        Assert.Equal(live.Select(e => (e.EventType, e.Data)), events.Select(e => (e.EventType, e.Data)));
    }

    [Fact]
    public async Task JsonAnswerIsRecordedOnceAndThenServedFromTheRecording()
    {
        string body = Wire.MessagesBody("minimax-m2.5-230b", "Hello there");
        using var http = new HttpClient();
        AkiFixtureServer upstream = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { ApiKey = UpstreamKey });
        await using AkiFixtureServer recorder = await StartRecorderAsync(upstream.BaseAddress);

        using HttpResponseMessage first = await http.SendAsync(Wire.Post(recorder, body));
        await upstream.DisposeAsync();
        using HttpResponseMessage second = await http.SendAsync(Wire.Post(recorder, body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await Wire.ReadJsonAsync(first)).GetRawText(), (await Wire.ReadJsonAsync(second)).GetRawText());
        string saved = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(_folder, "*.json", SearchOption.AllDirectories)));
        Assert.Contains("\"body\": {", saved, StringComparison.Ordinal);
        Assert.DoesNotContain(UpstreamKey, saved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelListIsRecordedToo()
    {
        using var http = new HttpClient();
        await using AkiFixtureServer upstream = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { ApiKey = UpstreamKey });
        await using AkiFixtureServer recorder = await StartRecorderAsync(new Uri(upstream.BaseAddress, "anthropic/v1/"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(recorder.BaseAddress, "v1/models"));
        request.Headers.Add("x-api-key", Wire.Key);

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(Path.Combine(_folder, "recorded", "models.json")));
    }

    [Fact]
    public async Task AnUpstreamErrorIsPassedOnAndNotSaved()
    {
        using var http = new HttpClient();
        await using AkiFixtureServer upstream = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { ApiKey = "another key" });
        await using AkiFixtureServer recorder = await StartRecorderAsync(upstream.BaseAddress);

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(recorder, Wire.MessagesBody("gemma4-26b", "Hi")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("authentication_error", (await Wire.ReadJsonAsync(response)).GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(Directory.GetFiles(_folder, "*.json", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task RecordModeNeedsAFolderAndAKey()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { RecordUpstream = new Uri("https://aki.io/anthropic"), RecordApiKey = "k" }));
        await Assert.ThrowsAsync<ArgumentException>(() => AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { RecordUpstream = new Uri("ftp://aki.io/"), RecordApiKey = "k", FixtureDirectory = _folder }));
    }

    private Task<AkiFixtureServer> StartRecorderAsync(Uri upstream) =>
        AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { FixtureDirectory = _folder, RecordUpstream = upstream, RecordApiKey = UpstreamKey });
}
