using ClockBound.Interop;
using ClockBound.Shm;

namespace ClockBound.Extensions.DependencyInjection.Tests;

/// <summary>Publishes real segment files, as the daemon does, anchored on this host's monotonic clock.</summary>
internal static class Segments
{
    /// <summary>Writes a version 2 segment measured <paramref name="age"/> ago (default: now).</summary>
    public static SegmentWriter Publish(string path, long boundNanoseconds = 1_000, ClockStatus status = ClockStatus.Synchronized, TimeSpan age = default)
    {
        SegmentWriter writer = SegmentWriter.Open(path, 2);
        long asOf = Clocks.MonotonicCoarseNanoseconds() - age.Ticks * 100;
        writer.Write(new ClockErrorBound
        {
            AsOfNanoseconds = asOf,
            VoidAfterNanoseconds = asOf + 1000L * 1_000_000_000,
            BoundNanoseconds = boundNanoseconds,
            MaxDriftPpb = 50_000,
            Status = status,
        });
        return writer;
    }
}
