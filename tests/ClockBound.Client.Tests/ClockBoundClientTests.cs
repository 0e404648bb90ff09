using System.Buffers.Binary;
using ClockBound.Interop;
using ClockBound.Shm;
using static ClockBound.Client.Tests.Snapshots;

namespace ClockBound.Client.Tests;

/// <summary>
/// The client end to end, on real segment files written by <see cref="SegmentWriter"/>. A write is
/// seen within one refresh interval; tests that check it at once expire the cache first.
/// </summary>
[Collection(AddressSpaceCollection.Name)]
public sealed class ClockBoundClientTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string SegmentPath => _dir.File("shm0");

    private SegmentWriter Publish(int version, in ClockErrorBound value)
    {
        SegmentWriter writer = SegmentWriter.Open(SegmentPath, version);
        writer.Write(value);
        return writer;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void IntervalContainsRealtime(int version)
    {
        using SegmentWriter writer = Publish(version, Fresh(bound: 1_000, driftPpb: 50_000));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);

        long before = Clocks.RealtimeNanoseconds();
        ClockBoundNow now = client.Now();
        long after = Clocks.RealtimeNanoseconds();

        Assert.Equal(version, client.SegmentVersion);
        Assert.Equal(ClockStatus.Synchronized, now.Status);
        // Written just now, so at most a fraction of a second of drift at 50 ppm.
        Assert.InRange(now.BoundNanoseconds, 1_000, 1_000 + 50_000);
        Assert.Equal(2 * now.BoundNanoseconds, now.Latest.NanosecondsSince(now.Earliest));
        // The realtime reading inside Now() lies between before and after, and sits mid-interval.
        Assert.InRange(now.Earliest.UnixTimeNanoseconds + now.BoundNanoseconds, before, after);
    }

    [Theory]
    [InlineData(2, ClockStatus.Disrupted, ClockStatus.Disrupted)]
    [InlineData(1, ClockStatus.Disrupted, ClockStatus.Unknown)] // v1 has no Disrupted: the writer publishes Unknown
    [InlineData(2, ClockStatus.FreeRunning, ClockStatus.FreeRunning)]
    [InlineData(1, ClockStatus.Unknown, ClockStatus.Unknown)]
    public void PublishedStatusIsReported(int version, ClockStatus published, ClockStatus expected)
    {
        using SegmentWriter writer = Publish(version, Fresh(status: published));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        Assert.Equal(expected, client.Now().Status);
    }

    [Fact]
    public void UpdatesAreSeenOnTheNextRefresh()
    {
        using SegmentWriter writer = Publish(2, Fresh(bound: 1_000));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);

        writer.Write(Fresh(bound: 5_000_000, status: ClockStatus.FreeRunning));
        client.ExpireCache();
        ClockBoundNow now = client.Now();
        Assert.Equal(ClockStatus.FreeRunning, now.Status);
        Assert.InRange(now.BoundNanoseconds, 5_000_000, 5_100_000);
    }

    [Fact]
    public void OldSnapshotIsFreeRunningWithTheBoundGrown()
    {
        using SegmentWriter writer = Publish(2, Fresh(age: 10 * Second, bound: 1_000, driftPpb: 50_000));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        ClockBoundNow now = client.Now();
        Assert.Equal(ClockStatus.FreeRunning, now.Status);
        Assert.InRange(now.BoundNanoseconds, 1_000 + 500_000, 1_000 + 550_000);
    }

    [Fact]
    public void SnapshotPastVoidAfterIsUnknown()
    {
        using SegmentWriter writer = Publish(2, Fresh(age: 20 * Second, voidAfterDelta: 10 * Second));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);
    }

    [Fact]
    public void SnapshotFromTheMonotonicFutureIsACausalityBreach()
    {
        using SegmentWriter writer = Publish(2, Fresh(age: -10 * Second));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        var e = Assert.Throws<ClockBoundException>(() => client.Now());
        Assert.Equal(ClockBoundErrorKind.CausalityBreach, e.Kind);
    }

    [Fact]
    public void MissingSegmentIsOpenFailingWithEnoent()
    {
        // Open itself succeeds (a service may start before the daemon); the reading says why not.
        using ClockBoundClient client = ClockBoundClient.Open(_dir.File("absent"));
        var e = Assert.Throws<ClockBoundException>(() => client.Now());
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, e.Kind);
        Assert.Equal("open", e.SystemCall);
        Assert.Equal(2, e.Errno);
        Assert.Contains(_dir.File("absent"), e.Message);
        Assert.Contains("(is the clockbound daemon running, with this --shm-path?)", e.Message);

        Assert.False(client.TryNow(out _, out ClockBoundException? reason));
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, reason.Kind);
        Assert.Equal(2, reason.Errno);
        Assert.False(client.TryNow(out _));
    }

    [Fact]
    public void DirectoryIsASystemCallFailure()
    {
        using ClockBoundClient client = ClockBoundClient.Open(_dir.Path);
        var e = Assert.Throws<ClockBoundException>(() => client.Now());
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, e.Kind);
        Assert.NotNull(e.SystemCall);
        Assert.NotNull(e.Errno);
    }

    [Fact]
    public void EmptyFileIsNotInitialised()
    {
        File.WriteAllBytes(SegmentPath, []);
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        var e = Assert.Throws<ClockBoundException>(() => client.Now());
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, e.Kind);
    }

    [Fact]
    public void AClientMadeBeforeTheSegmentExistsReadsItWithinOneSecondOfTheFirstPublication()
    {
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        Assert.False(client.TryNow(out _, out ClockBoundException? first));
        Assert.Equal(0, client.SegmentVersion);

        using SegmentWriter writer = Publish(2, Fresh());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ClockBoundNow now;
        while (!client.TryNow(out now) && clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            Thread.Yield();
        }
        Assert.True(client.TryNow(out now), $"not readable {clock.Elapsed} after the first publication");
        Assert.Equal(ClockStatus.Synchronized, now.Status);
        Assert.Equal(2, client.SegmentVersion);
    }

    [Fact]
    public void TryNowGivesTheSameReadingAsNowAndTheCachedReasonWithoutAllocating()
    {
        using (ClockBoundClient missing = ClockBoundClient.Open(_dir.File("absent")))
        {
            Assert.False(missing.TryNow(out _, out ClockBoundException? warm));
            Assert.Equal(2, warm.Errno);
            int sameReason = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                sameReason += !missing.TryNow(out _, out ClockBoundException? reason) && ReferenceEquals(reason, warm) ? 1 : 0;
            }
            // The reason is kept while the file stays missing: polling allocates nothing.
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(10_000, sameReason);
        }

        using SegmentWriter writer = Publish(2, Fresh(status: ClockStatus.FreeRunning));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        Assert.True(client.TryNow(out ClockBoundNow now, out ClockBoundException? error));
        Assert.Null(error);
        Assert.Equal(ClockStatus.FreeRunning, now.Status);
        Assert.Equal(client.Now().Status, now.Status);
    }

    [Fact]
    public void ZeroedFileIsNotInitialised()
    {
        File.WriteAllBytes(SegmentPath, new byte[SegmentLayout.SizeV2]);
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        Assert.Equal(0, client.SegmentVersion);
        var e = Assert.Throws<ClockBoundException>(() => client.Now());
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, e.Kind);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SegmentWithoutDataYetIsNotInitialised(int version)
    {
        using SegmentWriter writer = SegmentWriter.Open(SegmentPath, version);
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        var e = Assert.Throws<ClockBoundException>(() => client.Now());
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, e.Kind);

        // Opened before the daemon's first write, the client works once it comes.
        writer.Write(Fresh());
        client.ExpireCache();
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);
    }

    [Fact]
    public void BadMagicIsMalformed()
    {
        byte[] bytes = new byte[SegmentLayout.SizeV2];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 0xDEADBEEF);
        File.WriteAllBytes(SegmentPath, bytes);
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        Assert.Equal(ClockBoundErrorKind.SegmentMalformed, Assert.Throws<ClockBoundException>(() => client.Now()).Kind);
    }

    [Fact]
    public void UnknownVersionIsNotSupported()
    {
        byte[] bytes = new byte[SegmentLayout.SizeV2];
        SegmentCodec.WriteHeader(bytes, 2, generation: 2);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(SegmentLayout.VersionOffset), 3);
        File.WriteAllBytes(SegmentPath, bytes);
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        Assert.Equal(ClockBoundErrorKind.SegmentVersionNotSupported, Assert.Throws<ClockBoundException>(() => client.Now()).Kind);
    }

    [Fact]
    public void ImpossibleDriftIsMalformed()
    {
        using (Publish(2, Fresh()))
        {
        }
        // max_drift_ppb = 1e9 (100 %) at offset 64, generation left even.
        using (var file = File.OpenHandle(SegmentPath, FileMode.Open, FileAccess.ReadWrite))
        {
            byte[] drift = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(drift, 1_000_000_000);
            RandomAccess.Write(file, drift, 64);
        }
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        Assert.Equal(ClockBoundErrorKind.SegmentMalformed, Assert.Throws<ClockBoundException>(() => client.Now()).Kind);
    }

    [Fact]
    public void DisposedClientThrowsObjectDisposed()
    {
        using SegmentWriter writer = Publish(2, Fresh());
        ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        client.Now();
        client.Dispose();
        Assert.Throws<ObjectDisposedException>(() => client.Now());
    }

    [Fact]
    public void AGenerationThatWrappedBackIsNoReasonToServeAnOldSnapshot()
    {
        // The cache is keyed on time, not on the u16 generation: after 32767 updates bring the
        // generation back to the value of the snapshot a client holds, the next refresh (at most
        // a millisecond later) still serves the new value.
        using SegmentWriter writer = Publish(2, Fresh(age: 3 * Second, status: ClockStatus.Synchronized));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        ushort generation = writer.Generation;
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);

        for (int i = 0; i < 32766; i++)
        {
            writer.Write(Fresh(age: 3 * Second, status: ClockStatus.FreeRunning));
        }
        writer.Write(Fresh(age: 3 * Second, status: ClockStatus.Disrupted));
        Assert.Equal(generation, writer.Generation);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (client.Now().Status != ClockStatus.Disrupted && clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            Thread.Yield();
        }
        Assert.Equal(ClockStatus.Disrupted, client.Now().Status);
    }

    [Fact]
    public void UpdatesWithAnOldAsOfAreSeenAtOnce()
    {
        // A daemon whose chrony is not synchronised keeps as_of and rewrites the status.
        using SegmentWriter writer = Publish(2, Fresh(age: 3 * Second, status: ClockStatus.Synchronized));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);
        writer.Write(Fresh(age: 3 * Second, status: ClockStatus.Unknown));
        client.ExpireCache();
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);
    }

    [Fact]
    public void VMClockMarkerMismatchIsUnknownUntilTheDaemonCatchesUp()
    {
        var vmClock = new VMClockFile(_dir.File("vmclock0"), disruptionMarker: 5);
        using SegmentWriter writer = Publish(2, Fresh(marker: 5, disruptionSupport: true));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath, new ClockBoundClientOptions { VMClockPath = vmClock.Path });
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);

        vmClock.SetDisruptionMarker(6); // a live migration: seen at once, the device is read on every call
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);

        writer.Write(Fresh(marker: 6, disruptionSupport: true, status: ClockStatus.Disrupted));
        client.ExpireCache();
        Assert.Equal(ClockStatus.Disrupted, client.Now().Status);
        writer.Write(Fresh(marker: 6, disruptionSupport: true));
        client.ExpireCache();
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);
        Assert.Null(client.VMClockOpenFailure);
    }

    [Fact]
    public void VMClockIsNotConsultedWhenTheDaemonHasDisruptionSupportOff()
    {
        var vmClock = new VMClockFile(_dir.File("vmclock0"), disruptionMarker: 99);
        using SegmentWriter writer = Publish(2, Fresh(marker: 5, disruptionSupport: false));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath, new ClockBoundClientOptions { VMClockPath = vmClock.Path });
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);
    }

    [Fact]
    public void WithoutAVMClockDeviceTheStatusIsUnknownWithANamedError()
    {
        // Disruption support on but no device: a live migration could not be seen, so no reading
        // is reliable (it used to pass the segment's Synchronized through: failing open).
        using SegmentWriter writer = Publish(2, Fresh(marker: 5, disruptionSupport: true));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath, new ClockBoundClientOptions { VMClockPath = _dir.File("no-vmclock") });
        Assert.Null(client.VMClockOpenFailure);
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);
        var failure = Assert.IsType<ClockBoundException>(client.VMClockOpenFailure);
        Assert.Equal(ClockBoundErrorKind.VMClockUnavailable, failure.Kind);
        Assert.Contains(_dir.File("no-vmclock"), failure.Message);
        Assert.Contains("KERNEL==\"vmclock0\", MODE=\"0444\"", failure.Message);
    }

    [Fact]
    public void WithDisruptionSupportOffAMissingVMClockDoesNotMatter()
    {
        using SegmentWriter writer = Publish(2, Fresh(marker: 5, disruptionSupport: false));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath, new ClockBoundClientOptions { VMClockPath = _dir.File("no-vmclock") });
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);
        Assert.Null(client.VMClockOpenFailure);
    }

    [Fact]
    public void FileThatIsNotAVMClockIsUnknownToo()
    {
        var notVMClock = new VMClockFile(_dir.File("vmclock0"), disruptionMarker: 6, magic: 0x12345678);
        using SegmentWriter writer = Publish(2, Fresh(marker: 5, disruptionSupport: true));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath, new ClockBoundClientOptions { VMClockPath = notVMClock.Path });
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);
        Assert.Contains("magic", client.VMClockOpenFailure!.Message);
    }

    [Fact]
    public void DisposedClientsLeaveNoMappingBehind()
    {
        // Each client maps the VMClock page; disposing swaps in zeros and the finalizer unmaps.
        // Leaked, 20 000 pages would be 80 MB of address space and, where the kernel cannot merge
        // them, 20 000 entries of /proc/self/maps (65 530 exhaust vm.max_map_count).
        var vmClock = new VMClockFile(_dir.File("vmclock0"), disruptionMarker: 5);
        using SegmentWriter writer = Publish(2, Fresh(marker: 5, disruptionSupport: true));
        var options = new ClockBoundClientOptions { VMClockPath = vmClock.Path };
        static (int Lines, long Kilobytes) Mappings()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            string vmSize = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmSize:", StringComparison.Ordinal));
            return (File.ReadAllLines("/proc/self/maps").Length, long.Parse(vmSize.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1]));
        }
        for (int i = 0; i < 100; i++)
        {
            using ClockBoundClient warm = ClockBoundClient.Open(SegmentPath, options);
            warm.Now();
        }
        (int Lines, long Kilobytes) before = Mappings();
        for (int i = 0; i < 20_000; i++)
        {
            using ClockBoundClient client = ClockBoundClient.Open(SegmentPath, options);
            Assert.True(client.Now().IsReliable); // Unknown if the VMClock had not been opened
        }
        (int Lines, long Kilobytes) after = Mappings();
        Assert.True(after.Lines - before.Lines < 100, $"/proc/self/maps grew from {before.Lines} to {after.Lines} lines");
        // Half of what the leak would cost: the GC may still reserve a little more heap meanwhile.
        Assert.True(after.Kilobytes - before.Kilobytes < 40 * 1024, $"the address space grew from {before.Kilobytes} kB to {after.Kilobytes} kB");
    }

    [Fact]
    public void VMClockThatCannotBeReadConsistentlyIsUnknown()
    {
        var vmClock = new VMClockFile(_dir.File("vmclock0"), disruptionMarker: 5);
        vmClock.HoldSeqCountOdd();
        using SegmentWriter writer = Publish(2, Fresh(marker: 5, disruptionSupport: true));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath, new ClockBoundClientOptions { VMClockPath = vmClock.Path });
        // With no earlier good VMClock snapshot to fall back on, the marker is in doubt.
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);
    }

    [Fact]
    public void VMClockStuckMidUpdateAfterAGoodReadIsUnknownToo()
    {
        var vmClock = new VMClockFile(_dir.File("vmclock0"), disruptionMarker: 5);
        using SegmentWriter writer = Publish(2, Fresh(marker: 5, disruptionSupport: true));
        using ClockBoundClient client = ClockBoundClient.Open(SegmentPath, new ClockBoundClientOptions { VMClockPath = vmClock.Path });
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);

        // The earlier snapshot's marker is no answer: the marker may be what is being changed.
        vmClock.HoldSeqCountOdd();
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);
        Assert.Equal(ClockStatus.Unknown, client.Now().Status);

        // The update completes with the marker unchanged: Synchronized again.
        vmClock.HoldSeqCountOdd();
        client.ExpireCache();
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);
    }
}
