using System.Diagnostics.Tracing;

namespace Aki.Client.Benchmarks;

/// <summary>
/// <c>-- allocation-types fixed|text-200|tool-2000...</c>: which types a case's allocations are, from the runtime's
/// allocation ticks (one sample about every 100 KB, naming the type allocated), over many runs of the case. The shares
/// are estimates; <c>-- allocations</c> gives the exact totals.
/// </summary>
internal static class AllocationTypesRun
{
    public static async Task RunAsync(string kind, int runs)
    {
        Func<Task<int>> body = ProfileRun.Body(kind);
        for (int i = 0; i < 100; i++)
        {
            await body();
        }

        using var listener = new AllocationTickListener();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < runs; i++)
        {
            await body();
        }

        long perRun = (GC.GetTotalAllocatedBytes(precise: true) - before) / runs;
        listener.Dispose();
        long samples = listener.Counts.Values.Sum();
        Console.WriteLine($"{kind}: {perRun:N0} B per run, {samples:N0} allocation ticks");
        foreach ((string type, long count) in listener.Counts.OrderByDescending(pair => pair.Value).Take(30))
        {
            Console.WriteLine($"{100.0 * count / samples,6:F1}%  ~{perRun * count / samples,7:N0} B  {type}");
        }
    }

    private sealed class AllocationTickListener : EventListener
    {
        public Dictionary<string, long> Counts { get; } = [];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && eventData.PayloadNames is { } names)
            {
                int index = names.IndexOf("TypeName");
                string type = index >= 0 ? eventData.Payload![index] as string ?? "?" : "?";
                lock (Counts)
                {
                    Counts[type] = Counts.GetValueOrDefault(type) + 1;
                }
            }
        }
    }
}
