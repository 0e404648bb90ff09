using ClockBound.Interop;
using ClockBound.Shm;

namespace ClockBound.Ctl.Tests;

/// <summary>Segment files written with the real SegmentWriter, anchored on this host's CLOCK_MONOTONIC_COARSE.</summary>
internal static class Segments
{
    public const long Second = 1_000_000_000;

    /// <summary>Values as the daemon would publish them right now.</summary>
    public static ClockErrorBound Fresh(long bound = 12_345, ClockStatus status = ClockStatus.Synchronized, uint driftPpb = 50_000)
    {
        long asOf = Clocks.MonotonicCoarseNanoseconds();
        return new ClockErrorBound
        {
            AsOfNanoseconds = asOf,
            VoidAfterNanoseconds = asOf + 1000 * Second,
            BoundNanoseconds = bound,
            MaxDriftPpb = driftPpb,
            Status = status,
        };
    }

    /// <summary>Creates (or re-initialises) the segment at <paramref name="path"/> and publishes <paramref name="value"/> once.</summary>
    public static void Write(string path, int version, ClockErrorBound value)
    {
        using SegmentWriter writer = SegmentWriter.Open(path, version);
        writer.Write(value);
    }
}
