using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- breakdown tool
if (args is ["breakdown", string kind])
{
    await Aki.Client.Benchmarks.Breakdown.RunAsync(kind);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
