using BenchmarkDotNet.Running;
using ClockBound.Benchmarks;

// `-- --filter '*'` runs the BenchmarkDotNet suite; `-- --interleaved` the in-process ratio
// cross-check for noisy machines; `-- --timers` the real durations of sleeps and yields;
// `-- --commit-wait` the commit-wait overshoot (see docs/performance.md).
switch (args)
{
    case ["--interleaved"]:
        return InterleavedComparison.Run();
    case ["--timers"]:
        return await TimerGranularity.RunAsync();
    case ["--commit-wait"]:
        return await CommitWaitOvershoot.RunAsync(pauseMilliseconds: 0);
    case ["--commit-wait", "--pause-ms", string pause]:
        return await CommitWaitOvershoot.RunAsync(int.Parse(pause, System.Globalization.CultureInfo.InvariantCulture));
}
BenchmarkSwitcher.FromAssembly(typeof(NowBenchmarks).Assembly).Run(args);
return 0;
