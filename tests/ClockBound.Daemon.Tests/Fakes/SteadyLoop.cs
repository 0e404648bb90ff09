using ClockBound.Chrony;
using static ClockBound.Daemon.Tests.Fakes.LoopHarness;

namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>
/// A <see cref="DaemonLoop"/> in its steady state, for counting what its iterations allocate:
/// every fake it is built with must allocate nothing itself (see <see cref="SteadyChrony"/>).
/// </summary>
internal static class SteadyLoop
{
    /// <summary>Iterations before the count: the first status and condition lines are logged, methods compiled.</summary>
    public const int WarmUpIterations = 1_000;

    /// <summary>Iterations counted.</summary>
    public const int CountedIterations = 100_000;

    /// <summary>
    /// A loop at 50 PPM polling every 100 ms, with a disruption marker that never changes and no
    /// PHC, publishing to <paramref name="sink"/>.
    /// </summary>
    public static DaemonLoop Create(FakeClock clock, IChronyControl chrony, ISegmentSink sink, DaemonObserver? observer = null) =>
        new(
            new DaemonLoopSettings { MaxDriftPpb = 50_000, PollInterval = TimeSpan.FromMilliseconds(100) },
            chrony, sink, clock, new FakeMarkerSource(), phcRefId: null, phc: null, new CapturingLogger(), observer);

    /// <summary>
    /// Runs <see cref="WarmUpIterations"/>, then <see cref="CountedIterations"/> iterations of
    /// <paramref name="loop"/>, each one poll interval of <paramref name="clock"/> after the last;
    /// returns the bytes this thread allocated during the counted ones.
    /// </summary>
    public static long AllocatedBytes(DaemonLoop loop, FakeClock clock)
    {
        for (int i = 0; i < WarmUpIterations; i++)
        {
            clock.Advance(100 * Millisecond);
            loop.RunOnce();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < CountedIterations; i++)
        {
            clock.Advance(100 * Millisecond);
            loop.RunOnce();
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
