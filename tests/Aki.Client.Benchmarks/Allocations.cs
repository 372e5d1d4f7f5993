using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aki.Client.Benchmarks;

/// <summary>
/// Exact bytes allocated per call (<c>GC.GetTotalAllocatedBytes(precise: true)</c> over many calls after a warm-up),
/// with and without a logger factory: the figures docs/observability.md quotes for the cost of unobserved telemetry.
/// Unlike timings, they do not depend on how busy the machine is.
/// </summary>
internal static class Allocations
{
    private static readonly MessageRequest s_request = new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Tell me a story.")] };

    public static async Task RunAsync()
    {
        foreach (ILoggerFactory? loggers in new[] { null, NullLoggerFactory.Instance })
        {
            string label = loggers is null ? "no logger factory" : "a logger factory";
            Console.WriteLine($"CreateAsync, 4 KB message, {label}: {await PerCallAsync(StreamBodies.Message(4 * 1024), "application/json", loggers, 4_000, c => c.Messages.CreateAsync(s_request)):N0} B/call");
            Console.WriteLine($"StreamAsync, 200 text deltas, {label}: {await PerCallAsync(StreamBodies.Text(200), "text/event-stream", loggers, 4_000, c => c.Messages.StreamAsync(s_request).GetFinalMessageAsync()):N0} B/call");
            Console.WriteLine($"StreamAsync, 50,000 text deltas, {label}: {await PerCallAsync(StreamBodies.Text(50_000), "text/event-stream", loggers, 40, c => c.Messages.StreamAsync(s_request).GetFinalMessageAsync()):N0} B/call");
        }
    }

    private static async Task<double> PerCallAsync(byte[] body, string mediaType, ILoggerFactory? loggers, int calls, Func<AkiClient, Task<Message>> call)
    {
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "bench", LoggerFactory = loggers }, InMemoryHandler.Client(body, mediaType));
        for (int i = 0; i < Math.Max(5, calls / 8); i++)
        {
            await call(client);
        }

        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < calls; i++)
        {
            await call(client);
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)calls;
    }
}
