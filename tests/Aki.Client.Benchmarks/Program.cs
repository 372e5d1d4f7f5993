using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- breakdown text|tool|fixed
// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- allocations
// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- allocations telemetry
// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- memory [deltas]
// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- load [streams] [deltas]
// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- profile fixed|create|text-200|tool-2000 [seconds]
// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- allocation-types fixed|create|text-200|tool-2000 [runs]
switch (args)
{
    case ["breakdown", string kind]:
        await Aki.Client.Benchmarks.Breakdown.RunAsync(kind);
        return;
    case ["allocations"]:
        await Aki.Client.Benchmarks.AllocationRun.RunAsync();
        return;
    case ["allocations", "telemetry"]:
        await Aki.Client.Benchmarks.Allocations.RunAsync();
        return;
    case ["memory", ..]:
        await Aki.Client.Benchmarks.MemoryRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500_000);
        return;
    case ["profile", string kind, ..]:
        await Aki.Client.Benchmarks.ProfileRun.RunAsync(kind, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20);
        return;
    case ["allocation-types", string kind, ..]:
        await Aki.Client.Benchmarks.AllocationTypesRun.RunAsync(kind, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200_000);
        return;
    case ["load", ..]:
        await Aki.Client.Benchmarks.LoadRun.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200);
        return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
