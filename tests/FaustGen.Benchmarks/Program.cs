using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/FaustGen.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
