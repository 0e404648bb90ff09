namespace ClockBound.Chrony.Tests;

/// <summary>The choice between the Unix socket and the UDP routes, over fake connections.</summary>
public sealed class ChronyRouteSelectionTests
{
    private readonly List<string> _opened = [];
    private readonly List<string> _closed = [];

    private sealed class FakeClient(string name, List<string> closed, Func<string>? answer) : IDisposable
    {
        public string Ask() => answer is null ? name : answer();

        public void Dispose() => closed.Add(name);
    }

    private ChronyRoute<FakeClient> Route(ChronyTransport transport, string server, ChronyException? openFails = null, Func<string>? answer = null) =>
        new(transport, server, () =>
        {
            _opened.Add(server);
            return openFails is null ? new FakeClient(server, _closed, answer) : throw openFails;
        });

    private static ChronyException Error(ChronyFailureKind kind, string message) => new(kind, message);

    [Fact]
    public void TheUnixSocketIsPreferredWhenItOpens()
    {
        ChronyQueryResult<string> result = ChronyRouteSelection.Run(
            [Route(ChronyTransport.UnixSocket, "/run/chrony/chronyd.sock"), Route(ChronyTransport.Udp, "127.0.0.1:323")],
            c => c.Ask());

        Assert.Equal("/run/chrony/chronyd.sock", result.Value);
        Assert.Equal(ChronyTransport.UnixSocket, result.Transport);
        Assert.Null(result.UnixFailure);
        Assert.Equal(["/run/chrony/chronyd.sock"], _opened);
        Assert.Equal(["/run/chrony/chronyd.sock"], _closed);
    }

    [Theory]
    [InlineData(ChronyFailureKind.DirectoryAccessDenied)]
    [InlineData(ChronyFailureKind.SocketAccessDenied)]
    [InlineData(ChronyFailureKind.SocketMissing)]
    [InlineData(ChronyFailureKind.SocketDirectoryMissing)]
    [InlineData(ChronyFailureKind.Refused)]
    public void AUnixSocketThatDoesNotOpenFallsBackToUdpSayingWhy(ChronyFailureKind kind)
    {
        ChronyException closed = Error(kind, "cannot connect");

        ChronyQueryResult<string> result = ChronyRouteSelection.Run(
            [Route(ChronyTransport.UnixSocket, "/s", closed), Route(ChronyTransport.Udp, "127.0.0.1:323"), Route(ChronyTransport.Udp, "[::1]:323")],
            c => c.Ask());

        Assert.Equal("127.0.0.1:323", result.Value);
        Assert.Equal(ChronyTransport.Udp, result.Transport);
        Assert.Equal("127.0.0.1:323", result.Server);
        Assert.Same(closed, result.UnixFailure);
        Assert.Equal(["/s", "127.0.0.1:323"], _opened);
    }

    [Fact]
    public void AFailedUdpAddressGivesWayToTheNext()
    {
        ChronyQueryResult<string> result = ChronyRouteSelection.Run(
            [
                Route(ChronyTransport.UnixSocket, "/s", Error(ChronyFailureKind.DirectoryAccessDenied, "closed")),
                Route(ChronyTransport.Udp, "127.0.0.1:323", answer: () => throw Error(ChronyFailureKind.Refused, "nothing listens")),
                Route(ChronyTransport.Udp, "[::1]:323"),
            ],
            c => c.Ask());

        Assert.Equal("[::1]:323", result.Server);
        Assert.Equal(["127.0.0.1:323", "[::1]:323"], _closed);
    }

    [Theory]
    [InlineData(ChronyFailureKind.Timeout)]
    [InlineData(ChronyFailureKind.BadReply)]
    [InlineData(ChronyFailureKind.Rejected)]
    public void AnOpenUnixSocketsFailureIsFinal(ChronyFailureKind kind)
    {
        ChronyException hung = Error(kind, "no reply");

        ChronyException e = Assert.Throws<ChronyException>(() => ChronyRouteSelection.Run(
            [Route(ChronyTransport.UnixSocket, "/s", answer: () => throw hung), Route(ChronyTransport.Udp, "127.0.0.1:323")],
            c => c.Ask()));

        Assert.Same(hung, e);
        Assert.Equal(["/s"], _opened);
        Assert.Equal(["/s"], _closed);
    }

    [Fact]
    public void WhenNothingAnswersTheUnixCauseLeadsAndEveryRouteIsNamed()
    {
        ChronyException e = Assert.Throws<ChronyException>(() => ChronyRouteSelection.Run(
            [
                Route(ChronyTransport.UnixSocket, "/s", Error(ChronyFailureKind.DirectoryAccessDenied, "cannot connect to /s: permission denied")),
                Route(ChronyTransport.Udp, "127.0.0.1:323", answer: () => throw Error(ChronyFailureKind.Refused, "nothing listens on 127.0.0.1:323")),
                Route(ChronyTransport.Udp, "[::1]:323", Error(ChronyFailureKind.Refused, "cannot reach [::1]:323")),
            ],
            c => c.Ask()));

        Assert.Equal(ChronyFailureKind.DirectoryAccessDenied, e.Kind);
        Assert.Equal(
            "cannot connect to /s: permission denied; over UDP too: 127.0.0.1:323: nothing listens on 127.0.0.1:323; [::1]:323: cannot reach [::1]:323",
            e.Message);
    }

    [Fact]
    public void WithoutUdpRoutesTheUnixFailureIsThrownAsItIs()
    {
        ChronyException missing = Error(ChronyFailureKind.SocketMissing, "no such socket");

        ChronyException e = Assert.Throws<ChronyException>(() => ChronyRouteSelection.Run(
            [Route(ChronyTransport.UnixSocket, "/s", missing)], c => c.Ask()));

        Assert.Same(missing, e);
    }

    [Fact]
    public void TheRoutesAreTheSocketThenLoopbackV4ThenV6OnTheGivenPort()
    {
        var routes = ChronyReadOnlyQuery.Routes(new ChronyQueryOptions { SocketPath = "/run/chrony/chronyd.sock", UdpPort = 4323 });

        Assert.Equal(
            [(ChronyTransport.UnixSocket, "/run/chrony/chronyd.sock"), (ChronyTransport.Udp, "127.0.0.1:4323"), (ChronyTransport.Udp, "[::1]:4323")],
            routes.Select(r => (r.Transport, r.Server)));
        Assert.Single(ChronyReadOnlyQuery.Routes(new ChronyQueryOptions { SocketPath = "/s", UdpPort = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChronyReadOnlyQuery.Routes(new ChronyQueryOptions { SocketPath = "/s", UdpPort = 65536 }));
    }
}
