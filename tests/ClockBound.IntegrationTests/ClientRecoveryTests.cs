using System.Diagnostics;
using ClockBound.Shm;
using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.IntegrationTests;

/// <summary>
/// A client made before the real daemon starts, and a segment file replaced by a new inode under a
/// client (the daemon killed, its file deleted, another daemon started): the client follows within
/// a second of the daemon's first Synchronized publication, with no re-open by the application.
/// </summary>
public sealed class ClientRecoveryTests(DaemonChronydPair chrony, ITestOutputHelper output) : IClassFixture<DaemonChronydPair>, IDisposable
{
    private static readonly TimeSpan Follow = TimeSpan.FromSeconds(1);

    private readonly TempDirectory _dir = TempDirectory.Create("clockbound-recovery-");

    private string V2Path => _dir.Combine("shm0");

    public void Dispose() => _dir.Dispose();

    private DaemonProcess StartDaemon() => DaemonProcess.Start("/usr/bin/env",
        ["--default-signal=INT", ClockBoundBinaries.Daemon, "-m", "50", "-d", "--chrony-socket", chrony.SocketPath,
         "--shm-path", V2Path, "--shm-v1-path", _dir.Combine("shm")]);

    /// <summary>Waits (fresh copies of the file) for the daemon's first Synchronized publication, then for the client to report it.</summary>
    private TimeSpan ClientFollowsTheFirstSynchronizedPublication(ClockBoundClient client)
    {
        using SegmentReader probe = SegmentReader.Open(V2Path);
        Eventually.Satisfies(probe.ReadFresh, s => s.Status == ClockStatus.Synchronized, DaemonUnderTest.Patience, "the daemon publishing Synchronized");
        var clock = Stopwatch.StartNew();
        while (!(client.TryNow(out ClockBoundNow now) && now.Status == ClockStatus.Synchronized) && clock.Elapsed < DaemonUnderTest.Patience)
        {
            Thread.Sleep(1);
        }
        return clock.Elapsed;
    }

    [Fact]
    public void AClientMadeBeforeTheDaemonStartsReadsSynchronizedWithin1SOfItsFirstPublication()
    {
        using ClockBoundClient client = ClockBoundClient.Open(V2Path);
        Assert.False(client.TryNow(out _, out ClockBoundException? error));
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, error.Kind);
        Assert.Equal(2, error.Errno);
        Assert.Contains(V2Path, error.Message);

        using DaemonProcess daemon = StartDaemon();
        TimeSpan took = ClientFollowsTheFirstSynchronizedPublication(client);
        output.WriteLine($"client Synchronized {took.TotalMilliseconds:F1} ms after the probe saw the first Synchronized publication");
        Assert.True(took < Follow, $"took {took}; daemon: {daemon.Output}");
        Assert.Equal(2, client.SegmentVersion);
    }

    [Fact]
    public void ASegmentReplacedByANewInodeIsFollowedWithin1S()
    {
        using ClockBoundClient client = ClockBoundClient.Open(V2Path);
        string firstInode;
        using (DaemonProcess first = StartDaemon())
        {
            Assert.True(ClientFollowsTheFirstSynchronizedPublication(client) < Follow);
            firstInode = DaemonUnderTest.Inode(V2Path);
            first.Kill();
        }

        // A re-install: the file is deleted and another daemon creates a new one.
        File.Delete(V2Path);
        Eventually.Satisfies(() => client.TryNow(out _, out ClockBoundException? e) ? null : e,
            e => e is { Errno: 2 }, TimeSpan.FromSeconds(5), "the client seeing the file gone");

        using DaemonProcess second = StartDaemon();
        TimeSpan took = ClientFollowsTheFirstSynchronizedPublication(client);
        output.WriteLine($"client followed the new inode {took.TotalMilliseconds:F1} ms after its first Synchronized publication");
        // (The new file may get the old inode's number back: the client had closed the old one.)
        output.WriteLine($"inode before {firstInode}, after {DaemonUnderTest.Inode(V2Path)}");
        Assert.True(took < Follow, $"took {took}; daemon: {second.Output}");
    }
}
