using System.Diagnostics;
using ClockBound.Client;

namespace ClockBound.Client.Tests;

/// <summary>
/// A fake clock that moves with real time (the midpoint is the monotonic clock plus a fixed
/// offset) with a fixed bound: for tests of the commit wait's real sleeping and spinning, where a
/// clock that moves only when told would never let a spin end.
/// </summary>
internal sealed class SteadyClockBound(long boundNanoseconds) : IClockBound
{
    private static readonly UnixInstant Epoch = UnixInstant.FromUnixTimeNanoseconds(1_700_000_000L * 1_000_000_000L);
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _calls;

    public ClockStatus Status { get; set; } = ClockStatus.Synchronized;

    public long NowCallCount => Interlocked.Read(ref _calls);

    public ClockBoundNow Now()
    {
        Interlocked.Increment(ref _calls);
        long elapsed = (long)Stopwatch.GetElapsedTime(_start).TotalNanoseconds;
        return NowCalculator.Around(Epoch.UnixTimeNanoseconds + elapsed, boundNanoseconds, Status);
    }
}
