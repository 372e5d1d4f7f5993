using System.Diagnostics;

namespace Aki.Client.Benchmarks;

/// <summary>
/// Runs one benchmark body in a loop for a while, so a sampling profiler (<c>dotnet-trace</c>) can attach and see
/// where a call's time goes: <c>-- profile fixed|message-start|create|chat-200|text-200|tool-2000|tool-2000-final... [seconds]</c>. A diagnostic, not a measurement to quote.
/// </summary>
internal static class ProfileRun
{
    public static async Task RunAsync(string kind, int seconds)
    {
        Func<Task<int>> body = Body(kind);
        Console.WriteLine($"pid {Environment.ProcessId}: running {kind} for {seconds} s");
        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 100; i++)
            {
                await body();
            }

            calls += 100;
        }

        Console.WriteLine($"{calls} calls, {clock.Elapsed.TotalMicroseconds / calls:F2} us per call");
    }

    /// <summary>The benchmark body a case names, set up and ready to run.</summary>
    public static Func<Task<int>> Body(string kind)
    {
        switch (kind)
        {
            case "fixed":
                var fixedCost = new FixedCostBenchmarks();
                fixedCost.Setup();
                return fixedCost.OneDeltaStreamAsync;
            case "message-start":
                // The event that opens every stream, parsed alone.
                byte[] name = "message_start"u8.ToArray();
                byte[] data = System.Text.Encoding.UTF8.GetBytes("""{"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","model":"gemma4-26b","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":120,"output_tokens":0}}}""");
                return () =>
                {
                    int n = 0;
                    for (int i = 0; i < 100; i++)
                    {
                        n += Streaming.StreamEventParser.Parse(Streaming.StreamEventParser.Kind.MessageStart, name, data) is null ? 0 : 1;
                    }

                    return Task.FromResult(n);
                };
            case "create":
                var message = new MessageBenchmarks { Bytes = 4 * 1024 };
                message.Setup();
                return async () => (await message.CreateAsync()).Content.Count;
            case "chat-200" or "chat-50000":
                var chat = new ChatClientStreamingBenchmarks { TextDeltas = int.Parse(kind[5..], System.Globalization.CultureInfo.InvariantCulture) };
                chat.Setup();
                return chat.ChatClientStream;
            case string final when final.EndsWith("-final", StringComparison.Ordinal):
                var finalRun = new StreamingBenchmarks { Case = final[..^"-final".Length] };
                finalRun.Setup();
                return finalRun.FinalGetFinalMessageAsync;
            default:
                var streaming = new StreamingBenchmarks { Case = kind };
                streaming.Setup();
                return streaming.EventsStreamAsync;
        }
    }
}
