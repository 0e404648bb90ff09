using System.Net.Sockets;
using ClockBound.Chrony.Tests;
using ClockBound.Interop;
using ClockBound.TestSupport;

namespace ClockBound.Container.Tests;

/// <summary>
/// The daemon in a container shares chronyd's directory with processes in other PID namespaces
/// (the host's chronyc, another daemon): its stale client-socket cleanup, when it connects to
/// chronyd, must remove only sockets nobody holds, whatever the pid in their names means in the
/// daemon's namespace, with the container's own PID namespace or the host's (hostPID).
/// </summary>
[Collection(PodmanCollection.Name)]
public sealed class PidNamespaceTests : IClassFixture<ChronydAsChronyUser>
{
    private readonly ContainerImage _image;
    private readonly ChronydAsChronyUser _chronyd;

    public PidNamespaceTests(ContainerImage image, ChronydAsChronyUser chronyd)
    {
        _image = image;
        _chronyd = chronyd;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheDaemonKeepsLiveSocketsOfOtherPidNamespacesAndRemovesAbandonedOnes(bool hostPid)
    {
        // Held by a process in a PID namespace of its own, named with a pid that is dead in the
        // host's namespace (and so in the container's); and one named clockbound.1.sock: the
        // daemon's own pid in its container, init's on the host.
        foreach (string left in Directory.GetFiles(_chronyd.Directory, "clockbound.*"))
        {
            File.Delete(left); // the other case's, abandoned when its holders ended
        }

        int deadPid = AbandonedProcesses.DeadPid();
        string liveDeadPid = Path.Combine(_chronyd.Directory, $"clockbound.{deadPid}.sock");
        string liveOne = Path.Combine(_chronyd.Directory, "clockbound.1.sock");
        string abandoned = Path.Combine(_chronyd.Directory, $"clockbound.{AbandonedProcesses.DeadPid()}.sock");
        using SocketHolder holderDeadPid = SocketHolder.Start(liveDeadPid, ownPidNamespace: true);
        using SocketHolder holderOne = SocketHolder.Start(liveOne, ownPidNamespace: true);
        AbandonedProcesses.CreateSocketFile(abandoned);
        foreach (string path in (string[])[liveDeadPid, liveOne, abandoned])
        {
            // The daemon runs as chronyd's user: it must be able to connect() to each, so that
            // what keeps a file is the socket's liveness, not a permission error.
            File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
        }

        Assert.Equal(1, holderDeadPid.PidInItsNamespace);
        Assert.False(Processes.Exists(deadPid));

        using TempDirectory segments = SegmentDirectory.OwnedByChronyUser();
        using (DaemonContainer daemon = DaemonContainer.Start(
            _image.Reference, _chronyd.Directory, segments.Path, hostPid ? ["--pid=host"] : []))
        {
            // The cleanup runs when the daemon connects to chronyd, before it binds its own socket.
            Eventually.Satisfies(() => File.Exists(abandoned), exists => !exists, TimeSpan.FromSeconds(60), $"the daemon removes {abandoned}");
            ProcessResult reader = Readers.ReadNow(_image.Reference, segments.Path);
            Assert.True(reader.ExitCode == 0, $"reader: {reader.StandardOutput}{reader.StandardError}\ndaemon:\n{daemon.Logs()}");

            Assert.True(IsBound(liveDeadPid), $"{liveDeadPid} was taken from its live holder");
            Assert.True(IsBound(liveOne), $"{liveOne} was taken from its live holder");
            string[] daemonSockets = Directory.GetFiles(_chronyd.Directory, "clockbound.*.sock")
                .Where(path => path != liveDeadPid && path != liveOne).ToArray();
            Assert.Single(daemonSockets); // the daemon's own, beside the live ones: clockbound.1.2.sock in its own namespace
            if (!hostPid)
            {
                Assert.Equal(Path.Combine(_chronyd.Directory, "clockbound.1.2.sock"), daemonSockets[0]);
            }
        }

        // Once its holder is killed, the same file is abandoned: the next daemon's cleanup removes it.
        holderDeadPid.Kill();
        Assert.True(SocketFiles.IsSocket(liveDeadPid));
        using (DaemonContainer daemon = DaemonContainer.Start(
            _image.Reference, _chronyd.Directory, segments.Path, hostPid ? ["--pid=host"] : []))
        {
            Eventually.Satisfies(() => File.Exists(liveDeadPid), exists => !exists, TimeSpan.FromSeconds(60), $"the daemon removes {liveDeadPid}");
            Assert.True(IsBound(liveOne), $"{liveOne} was taken from its live holder");
        }
    }

    private static bool IsBound(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
