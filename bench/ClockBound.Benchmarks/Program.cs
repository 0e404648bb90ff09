using BenchmarkDotNet.Running;
using ClockBound.Benchmarks;

// `-- --filter '*'` runs the BenchmarkDotNet suite; `-- --interleaved` the in-process ratio
// cross-check for noisy machines (see docs/performance.md).
if (args is ["--interleaved"])
{
    return InterleavedComparison.Run();
}
BenchmarkSwitcher.FromAssembly(typeof(NowBenchmarks).Assembly).Run(args);
return 0;
