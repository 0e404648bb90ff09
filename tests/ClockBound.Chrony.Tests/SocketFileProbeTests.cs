using System.Net.Sockets;
using ClockBound.Interop;
using ClockBound.TestSupport;

namespace ClockBound.Chrony.Tests;

/// <summary>Telling abandoned socket files from held ones by connect(), with real sockets and files.</summary>
public sealed class SocketFileProbeTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("clockbound-probe-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ASocketFileNobodyHasBoundIsAbandoned()
    {
        string path = _directory.Combine("left.sock");
        AbandonedProcesses.CreateSocketFile(path);

        Assert.Equal(SocketFileState.Abandoned, SocketFileProbe.Examine(path, out FileIdentity identity));
        Assert.NotEqual(default, identity);
    }

    [Fact]
    public void ABoundSocketIsBoundAlsoWhenItIsConnectedToAnotherPeer()
    {
        string peerPath = _directory.Combine("peer.sock");
        string path = _directory.Combine("held.sock");
        using var peer = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        peer.Bind(new UnixDomainSocketEndPoint(peerPath));
        using var held = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        held.Bind(new UnixDomainSocketEndPoint(path));

        Assert.Equal(SocketFileState.Bound, SocketFileProbe.Examine(path, out _));

        held.Connect(new UnixDomainSocketEndPoint(peerPath)); // as a client socket connected to chronyd: connect() to it gets EPERM
        Assert.Equal(SocketFileState.Bound, SocketFileProbe.Examine(path, out _));
    }

    [Fact]
    public void AStreamSocketIsBound()
    {
        string path = _directory.Combine("stream.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));

        Assert.Equal(SocketFileState.Bound, SocketFileProbe.Examine(path, out _));
    }

    [Fact]
    public void NothingARegularFileAndALinkToASocketAreNoSockets()
    {
        string file = _directory.Combine("file.sock");
        File.WriteAllText(file, "not a socket");
        string target = _directory.Combine("target.sock");
        AbandonedProcesses.CreateSocketFile(target);
        string link = _directory.Combine("link.sock");
        File.CreateSymbolicLink(link, target);

        Assert.Equal(SocketFileState.NoSocket, SocketFileProbe.Examine(_directory.Combine("missing.sock"), out _));
        Assert.Equal(SocketFileState.NoSocket, SocketFileProbe.Examine(file, out _));
        Assert.Equal(SocketFileState.NoSocket, SocketFileProbe.Examine(link, out _));
        Assert.False(SocketFileProbe.TryRemoveAbandoned(link));
        Assert.True(File.Exists(target));
    }

    [Fact]
    public void RemovesAnAbandonedSocketOnlyWhileItIsTheSameFile()
    {
        string path = _directory.Combine("clockbound.1234.sock");
        AbandonedProcesses.CreateSocketFile(path);
        Assert.Equal(SocketFileState.Abandoned, SocketFileProbe.Examine(path, out FileIdentity first));

        // Replaced after it was found abandoned (by a file made while the first still exists, so
        // that the two cannot share an inode number).
        string other = _directory.Combine("other.sock");
        AbandonedProcesses.CreateSocketFile(other);
        File.Move(other, path, overwrite: true);

        Assert.False(SocketFileProbe.TryRemove(path, first));
        Assert.True(SocketFiles.IsSocket(path));
        Assert.True(SocketFileProbe.TryRemoveAbandoned(path));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AHeldSocketIsNeverRemoved()
    {
        string path = _directory.Combine("held.sock");
        using SocketHolder holder = SocketHolder.Start(path, ownPidNamespace: false);

        Assert.False(SocketFileProbe.TryRemoveAbandoned(path));
        Assert.True(SocketFiles.IsSocket(path));
    }
}
