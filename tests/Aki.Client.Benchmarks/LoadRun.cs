using System.Diagnostics;
using System.Text;
using Aki.Client.Testing;

namespace Aki.Client.Benchmarks;

/// <summary>
/// <c>-- load [streams] [deltas]</c>: many concurrent streams from one client over loopback, against the fixture
/// server in the same process (1,000 streams of 200 deltas by default). Prints the wall time, the process's CPU time
/// per delta (client and server together: they share the process) and its peak working set.
/// </summary>
internal static class LoadRun
{
    public static async Task RunAsync(int streams, int deltas)
    {
        string folder = Path.Combine(Path.GetTempPath(), "aki-load-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        try
        {
            string sse = Encoding.UTF8.GetString(StreamBodies.Text(deltas));
            string fixture = "{\"match\":{\"model\":\"gemma4-26b\"},\"response\":{\"sse\":" + System.Text.Json.JsonSerializer.Serialize(sse, BenchmarkJson.Default.String) + "}}";
            await File.WriteAllTextAsync(Path.Combine(folder, "load.json"), fixture);
            await using AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions
            {
                FixtureDirectory = folder,
                IncludeStarterFixtures = false,
                ChunkSize = 16 * 1024,
            });
            using var client = new AkiClient(new AkiClientOptions { ApiKey = "load", Endpoint = server.BaseAddress, MaxRetries = 0 });
            var request = new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Load.")] };

            // One round to open connections and compile the paths.
            await Task.WhenAll(Enumerable.Range(0, Math.Min(streams, 50)).Select(_ => client.Messages.StreamAsync(request).GetFinalMessageAsync()));

            using Process process = Process.GetCurrentProcess();
            process.Refresh();
            TimeSpan cpuBefore = process.TotalProcessorTime;
            long textDeltas = 0;
            var wall = Stopwatch.StartNew();
            int[] counts = await Task.WhenAll(Enumerable.Range(0, streams).Select(async _ =>
            {
                int received = 0;
                await foreach (MessageStreamEvent streamEvent in client.Messages.StreamAsync(request))
                {
                    if (streamEvent is ContentBlockDeltaEvent { Delta: TextDelta })
                    {
                        received++;
                    }
                }

                return received;
            }));
            wall.Stop();
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
            foreach (int count in counts)
            {
                if (count != deltas)
                {
                    throw new InvalidOperationException($"A stream delivered {count} text deltas instead of {deltas}.");
                }

                textDeltas += count;
            }

            Console.WriteLine($"{streams:N0} concurrent streams x {deltas:N0} deltas over loopback: wall {wall.Elapsed.TotalSeconds:F2} s, CPU {cpu.TotalSeconds:F2} s, {cpu.TotalMicroseconds / textDeltas:F2} us CPU per delta (client and server), peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
