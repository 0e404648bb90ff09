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
    public void A_socket_file_nobody_has_bound_is_abandoned()
    {
        string path = _directory.Combine("left.sock");
        AbandonedProcesses.CreateSocketFile(path);

        Assert.Equal(SocketFileState.Abandoned, SocketFileProbe.Examine(path, out FileIdentity identity));
        Assert.NotEqual(default, identity);
    }

    [Fact]
    public void A_bound_socket_is_bound_also_when_it_is_connected_to_another_peer()
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
    public void A_stream_socket_is_bound()
    {
        string path = _directory.Combine("stream.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));

        Assert.Equal(SocketFileState.Bound, SocketFileProbe.Examine(path, out _));
    }

    [Fact]
    public void Nothing_a_regular_file_and_a_link_to_a_socket_are_no_sockets()
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
    public void Removes_an_abandoned_socket_only_while_it_is_the_same_file()
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
    public void A_held_socket_is_never_removed()
    {
        string path = _directory.Combine("held.sock");
        using SocketHolder holder = SocketHolder.Start(path, ownPidNamespace: false);

        Assert.False(SocketFileProbe.TryRemoveAbandoned(path));
        Assert.True(SocketFiles.IsSocket(path));
    }
}
