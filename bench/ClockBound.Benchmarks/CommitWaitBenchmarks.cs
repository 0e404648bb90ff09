using BenchmarkDotNet.Attributes;

namespace ClockBound.Benchmarks;

/// <summary>
/// What a commit wait on a reading's latest costs and allocates, on synthetic segments with a
/// fixed bound: ±24 µs (the wait is spun: about 48 µs) and ±1 ms (one sleep, then a spin: about
/// 2 ms). The time is mostly the wait itself (twice the bound); the allocation column is the point.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CommitWaitBenchmarks : IDisposable
{
    private SyntheticSegment _ptp = null!;
    private SyntheticSegment _ntp = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ptp = new SyntheticSegment(24_000);
        _ntp = new SyntheticSegment(1_000_000);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _ptp.Dispose();
        _ntp.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>±24 µs, blocking: all spun.</summary>
    [Benchmark]
    public ClockBoundNow CommitWait24us() => _ptp.Client.CommitWait(_ptp.Client.Now().Latest);

    /// <summary>±24 µs, async: completes synchronously.</summary>
    [Benchmark]
    public ValueTask<ClockBoundNow> CommitWaitAsync24us() => _ptp.Client.CommitWaitAsync(_ptp.Client.Now().Latest);

    /// <summary>±1 ms, blocking: Thread.Sleep(1 ms), then a spin.</summary>
    [Benchmark]
    public ClockBoundNow CommitWait1ms() => _ntp.Client.CommitWait(_ntp.Client.Now().Latest);

    /// <summary>±1 ms, async: Task.Delay(1 ms), then a spin on the thread pool.</summary>
    [Benchmark]
    public ValueTask<ClockBoundNow> CommitWaitAsync1ms() => _ntp.Client.CommitWaitAsync(_ntp.Client.Now().Latest);
}
