using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Aki.Client.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
