using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Aki.Client.Tests.Conformance;

/// <summary>
/// Lossless round trips through <see cref="AkiJson"/> and through the client: every request body and response body
/// of the shared corpus (<c>AKI_CONFORMANCE_DIR</c>) and of the project's own fixtures reads into the SDK's records
/// and is written back JSON-equal (see <see cref="WireJson"/>), and every recorded stream's events are written back
/// as frames equal to the recorded ones.
/// </summary>
public class LosslessRoundTripTests(ITestOutputHelper output)
{
    private const string Corpus = "the shared conformance corpus (../shared/fixtures)";

    private static string OwnFixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static string CorpusDirectory => RequiredEnvironment.Get(NonStreamingConformanceTests.DirectoryVariable, Corpus);

    [RequiresEnvironmentFact(NonStreamingConformanceTests.DirectoryVariable, Corpus)]
    public void EveryCorpusRequestBodyIsWrittenBackUnchanged() => Check(RequestCorpus.Find(CorpusDirectory), CheckRequest);

    [RequiresEnvironmentFact(NonStreamingConformanceTests.DirectoryVariable, Corpus)]
    public async Task EveryCorpusRequestBodyIsSentUnchangedByTheClient() => await CheckAsync(RequestCorpus.Find(CorpusDirectory), CheckSentRequestAsync);

    [RequiresEnvironmentFact(NonStreamingConformanceTests.DirectoryVariable, Corpus)]
    public void EveryCorpusResponseBodyIsWrittenBackUnchanged() => Check(CorpusResponses(), CheckResponse);

    [RequiresEnvironmentFact(NonStreamingConformanceTests.DirectoryVariable, Corpus)]
    public async Task EveryCorpusResponseBodyReadByTheClientIsWrittenBackUnchanged() => await CheckAsync(CorpusResponses(), CheckReceivedResponseAsync);

    [RequiresEnvironmentFact(NonStreamingConformanceTests.DirectoryVariable, Corpus)]
    public async Task EveryCorpusStreamIsWrittenBackFrameForFrame() => await CheckAsync(StreamCorpus.Find(CorpusDirectory), CheckStreamAsync);

    [Fact]
    public void OwnRequestFixturesAreWrittenBackUnchanged() => Check(OwnFiles("*.request.json"), CheckRequest);

    [Fact]
    public async Task OwnRequestFixturesAreSentUnchangedByTheClient() => await CheckAsync(OwnFiles("*.request.json"), CheckSentRequestAsync);

    [Fact]
    public void OwnResponseFixturesAreWrittenBackUnchanged() => Check(OwnFiles("*.response.json"), CheckResponse);

    [Fact]
    public async Task OwnResponseFixturesReadByTheClientAreWrittenBackUnchanged() => await CheckAsync(OwnFiles("*.response.json"), CheckReceivedResponseAsync);

    [Fact]
    public async Task OwnStreamFixturesAreWrittenBackFrameForFrame()
    {
        List<(string Name, byte[] Body)> streams = StreamCorpus.Find(OwnFixtures);
        Assert.True(streams.Count >= 9, $"expected the project's stream fixtures, found {streams.Count}");
        await CheckAsync(streams, CheckStreamAsync);
    }

    /// <summary>The recorded-fixture server's own fixtures (Aki.Client.Testing): every message body and every event.</summary>
    [Fact]
    public void FixtureServerFixturesAreWrittenBackUnchanged()
    {
        string folder = Path.Combine(TestPaths.ProjectDirectory, "..", "..", "src", "Aki.Client.Testing", "Fixtures");
        var cases = new List<(string Name, (JsonNode Json, bool IsEvent))>();
        foreach (string path in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            JsonNode? response = JsonNode.Parse(File.ReadAllText(path))!["response"];
            string name = Path.GetRelativePath(folder, path);
            if (response?["body"] is JsonObject body && body["type"]?.GetValue<string>() == "message")
            {
                cases.Add((name, (body, false)));
            }

            if (response?["events"] is JsonArray events)
            {
                cases.AddRange(events.Select((e, i) => ($"{name} event {i}", (e!, true))));
            }
        }

        Assert.True(cases.Count > 50, $"expected the fixture server's messages and events, found {cases.Count}");
        Check(cases, c =>
        {
            if (!c.IsEvent)
            {
                CheckResponse(c.Json.ToJsonString());
                return;
            }

            MessageStreamEvent streamEvent = AkiJson.ParseEvent(c.Json["type"]!.GetValue<string>(), Encoding.UTF8.GetBytes(c.Json.ToJsonString()));
            WireJson.Equivalent(c.Json, WireJson.Parse(AkiJson.SerializeToUtf8Bytes(streamEvent)), "The event", WireJson.Defaults.Event);
        });
    }

    [Fact]
    public async Task StreamInTheApiOwnFormIsWrittenBackByteForByte()
    {
        byte[] recorded = File.ReadAllBytes(Path.Combine(OwnFixtures, "Lossless", "kitchen-sink.stream.sse"));
        using var written = new MemoryStream();
        await foreach (MessageStreamEvent streamEvent in AkiJson.ReadServerSentEventsAsync(new MemoryStream(recorded)))
        {
            written.Write(AkiJson.ToServerSentEvent(streamEvent));
        }

        Assert.Equal(Encoding.UTF8.GetString(recorded), Encoding.UTF8.GetString(written.ToArray()));
    }

    private static void CheckRequest(string body)
    {
        MessageRequest request = AkiJson.ParseRequest(body);
        WireJson.Equivalent(WireJson.Parse(body), WireJson.Parse(AkiJson.SerializeToUtf8Bytes(request)), "The request");
    }

    /// <summary>The body the client sends for the parsed request (a stream when the body asked for one), captured with MockHttp.</summary>
    private static async Task CheckSentRequestAsync(string body)
    {
        MessageRequest request = AkiJson.ParseRequest(body);
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();
        if (request.IsStreamRequested)
        {
            mock.ReplyRaw(HttpStatusCode.OK, Streaming.SseBodies.MessageStart() + Streaming.SseBodies.Event("message_stop", """{"type":"message_stop"}"""), "text/event-stream");
            await using MessageStream stream = client.Messages.StreamAsync(request);
            await foreach (MessageStreamEvent _ in stream)
            {
            }
        }
        else
        {
            await client.Messages.CreateAsync(request);
        }

        JsonNode original = WireJson.Parse(body);
        JsonNode sent = WireJson.Parse(mock.SingleRequest.Body!);

        // The client fills max_tokens when the body has none; "stream" goes out as written (true when it streams).
        if (original["max_tokens"] is null)
        {
            sent.AsObject().Remove("max_tokens");
        }

        WireJson.Equivalent(original, sent, "The body sent by the client");
    }

    private static void CheckResponse(string body)
    {
        Message message = AkiJson.ParseMessage(body);
        WireJson.Equivalent(WireJson.Parse(body), WireJson.Parse(AkiJson.SerializeToUtf8Bytes(message)), "The message", WireJson.Defaults.Message);
    }

    private static async Task CheckReceivedResponseAsync(string body)
    {
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, body);
        using AkiClient client = mock.CreateClient();

        Message message = await client.Messages.CreateAsync(TestRequests.Hello());

        WireJson.Equivalent(WireJson.Parse(body), WireJson.Parse(AkiJson.SerializeToUtf8Bytes(message)), "The message read by CreateAsync", WireJson.Defaults.Message);
    }

    private static async Task CheckStreamAsync(byte[] body)
    {
        var written = new List<byte>();
        await foreach (MessageStreamEvent streamEvent in AkiJson.ReadServerSentEventsAsync(new MemoryStream(body)))
        {
            written.AddRange(AkiJson.ToServerSentEvent(streamEvent));
        }

        List<(string Name, string Data)> before = StreamCorpus.Frames(body);
        List<(string Name, string Data)> after = StreamCorpus.Frames([.. written]);
        Assert.True(before.Count == after.Count, $"{before.Count} frames were read, {after.Count} written");
        for (int i = 0; i < before.Count; i++)
        {
            if (TryParse(before[i].Data) is not { } data)
            {
                // Data that is not JSON comes back as the same text.
                Assert.True((before[i].Name, before[i].Data) == after[i], $"frame {i}: {before[i]} was written as {after[i]}");
                continue;
            }

            // A data-only stream (no event line) is written with the name its data's type gives.
            string expectedName = before[i].Name == "message" && data["type"] is JsonValue type ? type.GetValue<string>() : before[i].Name;
            Assert.True(expectedName == after[i].Name, $"frame {i}: event {before[i].Name} was written as {after[i].Name}");
            if (WireJson.Difference(data, WireJson.Parse(after[i].Data), WireJson.Defaults.Event) is { } difference)
            {
                throw new XunitException($"frame {i} ({expectedName}) changed: {difference}");
            }
        }
    }

    private static JsonNode? TryParse(string data)
    {
        try
        {
            return JsonNode.Parse(data);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static List<(string Name, string Body)> OwnFiles(string pattern) =>
        Directory.EnumerateFiles(OwnFixtures, pattern, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(OwnFixtures, path), File.ReadAllText(path)))
            .ToList();

    private static List<(string Name, string Body)> CorpusResponses() =>
        NonStreamingCorpus.Find(CorpusDirectory, []).Select(r => (r.Name, r.Body)).ToList();

    private void Check<T>(List<(string Name, T Body)> cases, Action<T> check) =>
        CheckAsync(cases, body =>
        {
            check(body);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>Runs every case and fails with all the failures at once, so one run shows the whole picture.</summary>
    private async Task CheckAsync<T>(List<(string Name, T Body)> cases, Func<T, Task> check)
    {
        Assert.NotEmpty(cases);
        var failures = new List<string>();
        foreach ((string name, T body) in cases)
        {
            try
            {
                await check(body);
                output.WriteLine($"ok: {name}");
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new XunitException($"{failures.Count} of {cases.Count} failed:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        }
    }
}
