namespace Aki.Client.Benchmarks;

/// <summary>
/// <c>-- allocations</c>: bytes allocated per operation by each streaming benchmark and its floor, counted exactly
/// (<see cref="GC.GetTotalAllocatedBytes(bool)"/>), which, unlike time, does not depend on how busy the machine is.
/// BenchmarkDotNet's MemoryDiagnoser reports the same figures; this is the quick way to watch them while changing code.
/// </summary>
internal static class AllocationRun
{
    public static async Task RunAsync()
    {
        foreach (string name in new[] { "text-200", "text-50000", "tool-2000", "tool-50000" })
        {
            var bench = new StreamingBenchmarks { Case = name };
            bench.Setup();
            long eventsFloor = await MeasureAsync(bench.EventsFloor);
            long events = await MeasureAsync(bench.EventsStreamAsync);
            long finalFloor = await MeasureAsync(bench.FinalFloor);
            long final = await MeasureAsync(bench.FinalGetFinalMessageAsync);
            int deltas = int.Parse(name.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine($"{name,-11} events {events,12:N0} B vs floor {eventsFloor,12:N0} B = {(double)events / eventsFloor:F2}x ({(events - eventsFloor) / (double)deltas:F1} B more per delta); final {final,12:N0} B vs floor {finalFloor,12:N0} B = {(double)final / finalFloor:F2}x");
            bench.Cleanup();
        }

        var fixedCost = new FixedCostBenchmarks();
        fixedCost.Setup();
        long floor = await MeasureAsync(fixedCost.OneDeltaFloor);
        long sdk = await MeasureAsync(fixedCost.OneDeltaStreamAsync);
        Console.WriteLine($"one-delta call: {sdk:N0} B vs floor {floor:N0} B");
        fixedCost.Cleanup();
    }

    private static async Task<long> MeasureAsync(Func<Task<int>> operation)
    {
        for (int i = 0; i < 20; i++)
        {
            await operation();
        }

        const int Rounds = 10;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < Rounds; i++)
        {
            await operation();
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / Rounds;
    }
}
