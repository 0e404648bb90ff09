using ClockBound.Interop;
using ClockBound.Shm;

namespace ClockBound.Extensions.DependencyInjection.Tests;

/// <summary>Publishes real segment files, as the daemon does, anchored on this host's monotonic clock.</summary>
internal static class Segments
{
    public static SegmentWriter Publish(string path, long boundNanoseconds = 1_000, ClockStatus status = ClockStatus.Synchronized)
    {
        SegmentWriter writer = SegmentWriter.Open(path, 2);
        long asOf = Clocks.MonotonicCoarseNanoseconds();
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
