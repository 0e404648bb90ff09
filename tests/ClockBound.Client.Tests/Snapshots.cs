using ClockBound.Interop;
using ClockBound.Shm;

namespace ClockBound.Client.Tests;

/// <summary>Segment values for tests, anchored on this host's CLOCK_MONOTONIC_COARSE.</summary>
internal static class Snapshots
{
    public const long Second = 1_000_000_000;

    /// <summary>A snapshot taken <paramref name="age"/> ns ago (negative: in the monotonic future).</summary>
    public static ClockErrorBound Fresh(
        long age = 0,
        long bound = 1_000,
        uint driftPpb = 50_000,
        ClockStatus status = ClockStatus.Synchronized,
        long voidAfterDelta = 1000 * Second,
        ulong marker = 0,
        bool disruptionSupport = false)
    {
        long asOf = Clocks.MonotonicCoarseNanoseconds() - age;
        return new ClockErrorBound
        {
            AsOfNanoseconds = asOf,
            VoidAfterNanoseconds = asOf + voidAfterDelta,
            BoundNanoseconds = bound,
            MaxDriftPpb = driftPpb,
            Status = status,
            DisruptionMarker = marker,
            DisruptionSupportEnabled = disruptionSupport,
        };
    }
}
