using System.Diagnostics;
using ClockBound.Interop;
using ClockBound.TestSupport;

namespace ClockBound.Chrony.Tests;

/// <summary>Removing the client sockets of dead processes, with real files, sockets and processes.</summary>
public sealed class StaleClientSocketsTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("clockbound-stale-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void RemovesExactlyTheSocketsOfDeadProcessesWithOurPrefix()
    {
        using Process sleeper = Process.Start("sleep", "30") ?? throw new InvalidOperationException("could not start sleep");
        try
        {
            int dead = AbandonedProcesses.DeadPid();
            string[] stale = [Socket($"clockbound.{dead}.sock"), Socket($"clockbound.{dead}.2.sock")];
            int[] morePids = [AbandonedProcesses.DeadPid(), AbandonedProcesses.DeadPid(), AbandonedProcesses.DeadPid()];
            string[] kept =
            [
                Socket($"clockbound.{sleeper.Id}.sock"),             // a live process
                Socket($"clockbound.{sleeper.Id}.3.sock"),           // its third connection
                Socket("clockbound.1.sock"),                          // init: exists (EPERM for a non-root user)
                Socket($"clockbound.{Environment.ProcessId}.sock"),  // ours
                RegularFile($"clockbound.{morePids[0]}.sock"),        // not a socket
                Symlink($"clockbound.{morePids[1]}.sock", Socket("target.sock")), // a link to a socket is not one
                DirectoryEntry($"clockbound.{morePids[2]}.sock"),
                Socket($"chronyc.{dead}.sock"),                      // another program's
                Socket($"clockboundctl.{dead}.sock"),
                Socket($"clockbound.{dead}.1.sock"),                 // not a name we write
                Socket($"clockbound.0{dead}.sock"),
                Socket("chronyd.sock"),
            ];
            Assert.True(Processes.Exists(sleeper.Id));

            List<string> removed = StaleClientSockets.Remove(_directory.Path, "clockbound");

            Assert.Equal(stale.Order(StringComparer.Ordinal), removed.Order(StringComparer.Ordinal));
            Assert.All(stale, path => Assert.False(File.Exists(path)));
            Assert.Equal(
                kept.Append(_directory.Combine("target.sock")).Order(StringComparer.Ordinal),
                Directory.EnumerateFileSystemEntries(_directory.Path).Order(StringComparer.Ordinal));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void CleansUpForTheGivenPrefixOnly()
    {
        int dead = AbandonedProcesses.DeadPid();
        string probe = Socket($"pro*be.{dead}.sock"); // '*' is a wildcard to the BCL's patterns, not to us
        string other = Socket($"probe.{dead}.sock");
        string daemon = Socket($"clockbound.{dead}.sock");

        Assert.Equal([probe], StaleClientSockets.Remove(_directory.Path, "pro*be"));
        Assert.Equal([other], StaleClientSockets.Remove(_directory.Path, "probe"));
        Assert.True(File.Exists(daemon));
    }

    [Fact]
    public void AMissingDirectoryIsNothingToClean()
    {
        Assert.Empty(StaleClientSockets.Remove(_directory.Combine("missing"), "clockbound"));
    }

    [Fact]
    public void OpeningAConnectionRemovesStaleSocketsBesideChronyds()
    {
        using FakeChronyServer server = FakeChronyServer.Start();
        int dead = AbandonedProcesses.DeadPid();
        string stale = Path.Combine(server.Directory, $"clockbound.{dead}.sock");
        string chronyc = Path.Combine(server.Directory, $"chronyc.{dead}.sock");
        AbandonedProcesses.CreateSocketFile(stale);
        AbandonedProcesses.CreateSocketFile(chronyc);

        using ChronyConnection connection = ChronyConnection.Open(server.SocketPath);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(chronyc));
        Assert.True(SocketFiles.IsSocket(server.SocketPath));
        Assert.True(SocketFiles.IsSocket(connection.ClientSocketPath));
    }

    [Fact]
    public void OpeningWithACustomDirectoryAndPrefixCleansUpThereForThatPrefix()
    {
        using FakeChronyServer server = FakeChronyServer.Start();
        int dead = AbandonedProcesses.DeadPid();
        string stale = Socket($"probe.{dead}.sock");
        string daemons = Socket($"clockbound.{dead}.sock");
        string besideChronyd = Path.Combine(server.Directory, $"probe.{dead}.sock");
        AbandonedProcesses.CreateSocketFile(besideChronyd);

        using ChronyConnection connection = ChronyConnection.Open(
            server.SocketPath, new ChronyConnectionOptions { ClientSocketDirectory = _directory.Path, ClientSocketPrefix = "probe" });

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(daemons));
        Assert.True(File.Exists(besideChronyd)); // not the directory this connection uses
        Assert.Equal(_directory.Combine($"probe.{Environment.ProcessId}.sock"), connection.ClientSocketPath);
    }

    [Fact]
    public void ALiveSocketOfAProcessInAnotherPidNamespaceIsKeptWhateverItsPidSays()
    {
        int dead = AbandonedProcesses.DeadPid(); // no such process here: the host's pids look like this from a container
        string path = _directory.Combine($"clockbound.{dead}.sock");
        using SocketHolder holder = SocketHolder.Start(path, ownPidNamespace: true);
        Assert.Equal(1, holder.PidInItsNamespace); // it really is in a PID namespace of its own
        Assert.False(Processes.Exists(dead));

        Assert.Empty(StaleClientSockets.Remove(_directory.Path, "clockbound"));

        Assert.Equal(SocketFileState.Bound, SocketFileProbe.Examine(path, out _));
    }

    [Fact]
    public void TheSocketOfAKilledProcessInAnotherPidNamespaceIsRemoved()
    {
        int dead = AbandonedProcesses.DeadPid();
        string path = _directory.Combine($"clockbound.{dead}.sock");
        using SocketHolder holder = SocketHolder.Start(path, ownPidNamespace: true);
        holder.Kill();
        Assert.True(SocketFiles.IsSocket(path)); // SIGKILL left the file

        Assert.Equal([path], StaleClientSockets.Remove(_directory.Path, "clockbound"));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ALiveSocketWhoseNameHasADeadPidIsKeptUntilItsProcessDies()
    {
        int dead = AbandonedProcesses.DeadPid();
        string path = _directory.Combine($"clockbound.{dead}.2.sock");
        using SocketHolder holder = SocketHolder.Start(path, ownPidNamespace: false);

        Assert.Empty(StaleClientSockets.Remove(_directory.Path, "clockbound"));
        Assert.True(SocketFiles.IsSocket(path));

        holder.Kill();

        Assert.Equal([path], StaleClientSockets.Remove(_directory.Path, "clockbound"));
    }

    [Fact]
    public void OpeningNeverTakesOverALiveSocketThatHasOurPidInAnotherNamespace()
    {
        using FakeChronyServer server = FakeChronyServer.Start();
        string ours = Path.Combine(server.Directory, $"clockbound.{Environment.ProcessId}.sock");
        using SocketHolder holder = SocketHolder.Start(ours, ownPidNamespace: true);

        using ChronyConnection connection = ChronyConnection.Open(server.SocketPath);

        Assert.Equal(Path.Combine(server.Directory, $"clockbound.{Environment.ProcessId}.2.sock"), connection.ClientSocketPath);
        Assert.Equal(SocketFileState.Bound, SocketFileProbe.Examine(ours, out _));
    }

    private string Socket(string name)
    {
        string path = _directory.Combine(name);
        AbandonedProcesses.CreateSocketFile(path);
        return path;
    }

    private string RegularFile(string name)
    {
        string path = _directory.Combine(name);
        File.WriteAllText(path, "not a socket");
        return path;
    }

    private string Symlink(string name, string target)
    {
        string path = _directory.Combine(name);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    private string DirectoryEntry(string name)
    {
        string path = _directory.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }
}
