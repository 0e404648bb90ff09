using ClockBound.Shm;
using static ClockBound.Client.Tests.Snapshots;

namespace ClockBound.Client.Tests;

/// <summary>Now() must not allocate: a correctness check on the allocation counter, not a timing.</summary>
public sealed class ZeroAllocationTests : IDisposable
{
    private const int Calls = 100_000;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1, false, 0L)]
    [InlineData(2, false, 0L)]
    [InlineData(2, true, 0L)]                 // with a VMClock to compare markers with
    [InlineData(2, false, 3 * Second)]        // an old as_of: every call re-reads the segment
    public void NowDoesNotAllocate(int version, bool disruptionSupport, long age)
    {
        var vmClock = new VMClockFile(_dir.File("vmclock0"), disruptionMarker: 1);
        using SegmentWriter writer = SegmentWriter.Open(_dir.File("shm0"), version);
        writer.Write(Fresh(age: age, marker: 1, disruptionSupport: disruptionSupport));
        using ClockBoundClient client = ClockBoundClient.Open(_dir.File("shm0"), new ClockBoundClientOptions { VMClockPath = vmClock.Path });

        ClockBoundNow last = default;
        for (int i = 0; i < 1_000; i++)
        {
            last = client.Now(); // warm up: per-thread caches, VMClock opened, methods compiled
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            last = client.Now();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(last.IsReliable);
    }

    [Fact]
    public void SurelyHelpersDoNotAllocate()
    {
        using SegmentWriter writer = SegmentWriter.Open(_dir.File("shm0"), 2);
        writer.Write(Fresh());
        using ClockBoundClient client = ClockBoundClient.Open(_dir.File("shm0"));
        IClockBound clock = client;
        UnixInstant past = UnixInstant.UnixEpoch;
        bool passed = clock.HasSurelyPassed(past) && !clock.IsSurelyInFuture(past);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            passed &= clock.HasSurelyPassed(past) && !clock.IsSurelyInFuture(past);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(passed);
    }
}
