using System.Diagnostics;
using Aki.Client.Streaming;

namespace Aki.Client.Benchmarks;

/// <summary>
/// Where the streaming time goes, stage by stage (framing, event parsing, accumulation, the whole call), with
/// interleaved stopwatch rounds: a quick diagnostic, not a measurement to quote. <c>-- breakdown text|tool</c>.
/// </summary>
internal static class Breakdown
{
    public static async Task RunAsync(string kind)
    {
        if (kind == "fixed")
        {
            await FixedAsync();
            return;
        }

        if (kind == "create")
        {
            await CreateAsync();
            return;
        }

        byte[] body = kind == "tool" ? StreamBodies.ToolUse(2000) : StreamBodies.Text(200);
        var bench = new StreamingBenchmarks { Case = kind == "tool" ? "tool-2000" : "text-200" };
        bench.Setup();
        async Task<int> FrameOnly()
        {
            using var framer = new SseFramer(new MemoryStream(body, false));
            int n = 0;
            while (true)
            {
                while (framer.TryReadEvent(out var name, out var data)) { n += StreamEventParser.Classify(name, data) == StreamEventParser.Kind.Unknown ? 0 : 1; }
                if (!await framer.FillAsync(default)) break;
            }
            return n;
        }
        async Task<int> Parse(bool accumulate)
        {
            using var framer = new SseFramer(new MemoryStream(body, false));
            var acc = new MessageAccumulator();
            int n = 0;
            while (true)
            {
                while (framer.TryReadEvent(out var name, out var data))
                {
                    var kindOf = StreamEventParser.Classify(name, data);
                    var e = StreamEventParser.Parse(kindOf, name, data);
                    if (accumulate) acc.Add(e);
                    n++;
                }
                if (!await framer.FillAsync(default)) break;
            }
            if (accumulate) n += acc.ToMessage().Content.Count;
            return n;
        }
        (string, Func<Task<int>>)[] fns = [("floor", bench.EventsFloor), ("frame", FrameOnly), ("parse", () => Parse(false)), ("parse+acc", () => Parse(true)), ("StreamAsync", bench.EventsStreamAsync)];
        await RoundsAsync(kind, fns, kind == "tool" ? 20 : 300, warmUpRounds: 1);
    }

    /// <summary>Runs each stage <paramref name="reps"/> times per round, interleaved, 25 rounds; prints each stage's minimum, first quartile and median.</summary>
    private static async Task RoundsAsync(string label, (string Name, Func<Task<int>> Run)[] stages, int reps, int warmUpRounds)
    {
        foreach (var (_, run) in stages)
        {
            for (int i = 0; i < reps * warmUpRounds; i++)
            {
                await run();
            }
        }

        var results = stages.ToDictionary(stage => stage.Name, _ => new List<double>());
        for (int round = 0; round < 25; round++)
        {
            foreach (var (name, run) in stages)
            {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < reps; i++)
                {
                    await run();
                }

                results[name].Add(clock.Elapsed.TotalMicroseconds / reps);
            }
        }

        foreach (var (name, list) in results)
        {
            list.Sort();
            Console.WriteLine($"{label} {name,-12} min {list[0],9:F3} us  p25 {list[6],9:F3} us  median {list[12],9:F3} us");
        }
    }

    /// <summary>The one-delta call split into what it does: request body, HTTP round trip, events, the whole call.</summary>
    private static async Task FixedAsync()
    {
        var bench = new FixedCostBenchmarks();
        bench.Setup();
        byte[] body = StreamBodies.Text(1);
        var request = new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi.")] };
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "bench" }, InMemoryHandler.Client(body, "text/event-stream"));
        using HttpClient http = InMemoryHandler.Client(body, "text/event-stream");
        var uri = new Uri("https://api.aki.io/v1/messages");
        Task<int> Prepare() => Task.FromResult(client.Messages.Prepare(request, stream: true).Length);
        async Task<int> Http()
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
            using HttpResponseMessage response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            using Stream stream = await response.Content.ReadAsStreamAsync();
            return (int)stream.Length;
        }

        async Task<int> Events()
        {
            using var framer = new SseFramer(new MemoryStream(body, false));
            var acc = new MessageAccumulator();
            int n = 0;
            while (true)
            {
                while (framer.TryReadEvent(out var name, out var data))
                {
                    acc.Add(StreamEventParser.Parse(StreamEventParser.Classify(name, data), name, data));
                    n++;
                }

                if (!await framer.FillAsync(default))
                {
                    break;
                }
            }

            return n + acc.ToMessage().Content.Count;
        }

        async Task<int> Frames()
        {
            using var framer = new SseFramer(new MemoryStream(body, false));
            int n = 0;
            while (true)
            {
                while (framer.TryReadEvent(out var name, out var data))
                {
                    n += (int)StreamEventParser.Classify(name, data);
                }

                if (!await framer.FillAsync(default))
                {
                    break;
                }
            }

            return n;
        }

        var split = new List<(byte[] Name, byte[] Data)>();
        using (var framer = new SseFramer(new MemoryStream(body, false)))
        {
            while (true)
            {
                while (framer.TryReadEvent(out var name, out var data)) split.Add((name.ToArray(), data.ToArray()));
                if (!await framer.FillAsync(default)) break;
            }
        }

        Task<int> ParseOnly()
        {
            int n = 0;
            foreach (var (name, data) in split) n += StreamEventParser.Parse(StreamEventParser.Classify(name, data), name, data) is null ? 0 : 1;
            return Task.FromResult(n);
        }

        Task<int> ReaderOnly()
        {
            int n = 0;
            foreach (var (_, data) in split)
            {
                var reader = new System.Text.Json.Utf8JsonReader(data);
                while (reader.Read()) n++;
            }

            return Task.FromResult(n);
        }

        byte[] first = System.Text.Encoding.UTF8.GetBytes("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" Gr\u00fc\u00dfe aus K\u00f6ln \u2014 ok\"}}");
        byte[] last = System.Text.Encoding.UTF8.GetBytes("{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\" Gr\u00fc\u00dfe aus K\u00f6ln \u2014 ok\"},\"index\":0}");
        Task<int> Deltas(byte[] data, bool reader)
        {
            int n = 0;
            for (int i = 0; i < 100; i++)
            {
                n += (reader ? StreamEventParser.TryParseHotDelta(data) : DeltaScanner.TryRead(data)) is null ? 0 : 1;
            }

            return Task.FromResult(n);
        }

        var perEvent = split.Select((e, i) => ($"parse {i}", (Func<Task<int>>)(() => Task.FromResult(StreamEventParser.Parse(StreamEventParser.Classify(e.Name, e.Data), e.Name, e.Data) is null ? 0 : 1))));
        (string, Func<Task<int>>)[] fns = [("floor", bench.OneDeltaFloor), ("prepare", Prepare), ("http", Http), ("frames", Frames), ("parse-only", ParseOnly), ("reader-only", ReaderOnly), ("events", Events), ("StreamAsync", bench.OneDeltaStreamAsync), ("100 first scan", () => Deltas(first, false)), ("100 last scan", () => Deltas(last, false)), ("100 last reader", () => Deltas(last, true)), .. perEvent];
        await RoundsAsync("fixed", fns, 5000, warmUpRounds: 4);
    }

    /// <summary>The 4 KB CreateAsync split: deserializing alone, the request body, the HTTP round trip with the body read, the whole call.</summary>
    private static async Task CreateAsync()
    {
        var bench = new MessageBenchmarks { Bytes = 4 * 1024 };
        bench.Setup();
        byte[] body = StreamBodies.Message(4 * 1024);
        var request = new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Tell me a story.")] };
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "bench" }, InMemoryHandler.Client(body, "application/json"));
        using HttpClient http = InMemoryHandler.Client(body, "application/json");
        var uri = new Uri("https://api.aki.io/v1/messages");
        async Task<int> Http()
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
            using HttpResponseMessage response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            using Aki.Client.Http.ResponseBody read = await Aki.Client.Http.ResponseBody.ReadAsync(response.Content, default);
            return read.Length;
        }

        (string, Func<Task<int>>)[] fns =
        [
            ("raw", () => Task.FromResult(bench.RawSourceGenerated()!.Content.Count)),
            ("prepare", () => Task.FromResult(client.Messages.Prepare(request, stream: false).Length)),
            ("http+body", Http),
            ("CreateAsync", async () => (await client.Messages.CreateAsync(request)).Content.Count),
        ];
        await RoundsAsync("create", fns, 1000, warmUpRounds: 4);
    }
}
