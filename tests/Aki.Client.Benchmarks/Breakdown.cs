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
        var fns = new (string, Func<Task<int>>)[] { ("floor", bench.EventsFloor), ("frame", FrameOnly), ("parse", () => Parse(false)), ("parse+acc", () => Parse(true)), ("StreamAsync", bench.EventsStreamAsync) };
        int reps = kind == "tool" ? 20 : 300;
        foreach (var (_, f) in fns) for (int i = 0; i < reps; i++) await f();
        var results = fns.ToDictionary(x => x.Item1, _ => new List<double>());
        for (int round = 0; round < 25; round++)
            foreach (var (name, f) in fns)
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < reps; i++) await f();
                results[name].Add(sw.Elapsed.TotalMicroseconds / reps);
            }
        foreach (var (name, list) in results) { list.Sort(); Console.WriteLine($"{kind} {name,-12} min {list[0],9:F1} us  p25 {list[6],9:F1} us"); }
    }
}
