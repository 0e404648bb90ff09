using BenchmarkDotNet.Running;

// Pick benchmarks on the command line, e.g. `-- --filter '*'` (see docs/performance.md).
BenchmarkSwitcher.FromAssembly(typeof(ClockBound.Benchmarks.NowBenchmarks).Assembly).Run(args);
