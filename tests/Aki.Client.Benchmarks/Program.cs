using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- breakdown tool
// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- allocations
if (args is ["breakdown", string kind])
{
    await Aki.Client.Benchmarks.Breakdown.RunAsync(kind);
    return;
}

if (args is ["allocations"])
{
    await Aki.Client.Benchmarks.Allocations.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
