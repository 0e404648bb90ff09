using ClockBound.Chrony.Protocol;
using ClockBound.TestSupport;

namespace ClockBound.Chrony.Tests;

/// <summary>
/// The daemon asks for TRACKING every poll, so the query and its decoding must not allocate: a
/// correctness check on the allocation counter, not a timing.
/// </summary>
public sealed class TrackingAllocationTests(SyncedChronyd chrony) : IClassFixture<SyncedChronyd>
{
    [Fact]
    public void DecodingATrackingReplyAllocatesNothing()
    {
        byte[] reply = WireBytes.TrackingReply(7);
        TrackingReport report = TrackingMessage.ReadReply(reply);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            report = TrackingMessage.ReadReply(reply);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0x50484330u, report.RefId);
    }

    [Fact]
    public void TrackingQueriesToARealChronydAllocateNothing()
    {
        using ChronyConnection connection = ChronyConnection.Open(chrony.Harness.ClientSocketPath);
        TrackingReport report = default;
        for (int i = 0; i < 100; i++)
        {
            report = connection.GetTracking(); // warm up: the socket's internals, methods compiled
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2_000; i++)
        {
            report = connection.GetTracking();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, report.RefTimeSeconds);
    }
}
