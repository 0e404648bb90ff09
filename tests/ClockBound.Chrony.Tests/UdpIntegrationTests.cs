using System.Net;
using ClockBound.TestSupport;

namespace ClockBound.Chrony.Tests;

/// <summary>chronyd's UDP command port against its Unix socket, and the route selection against a real chronyd.</summary>
public sealed class UdpIntegrationTests(UdpChronyd chrony) : IClassFixture<UdpChronyd>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void TrackingOverUdpIsTheReportTheSocketGives(string address)
    {
        using ChronyConnection unix = ChronyConnection.Open(chrony.Harness.ClientSocketPath);
        using ChronyUdpConnection udp = ChronyUdpConnection.Open(new IPEndPoint(IPAddress.Parse(address), chrony.Port), Timeout);

        TrackingReport overUdp = udp.GetTracking();
        TrackingReport overUnix = unix.GetTracking();

        Assert.Equal(ChronyTransport.Udp, udp.Transport);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), chrony.Port).ToString(), udp.Server);
        Assert.Equal(0x7F000001u, overUdp.RefId);
        Assert.Equal(overUnix.RefId, overUdp.RefId);
        Assert.Equal(overUnix.Stratum, overUdp.Stratum);
        Assert.Equal(overUnix.LeapStatus, overUdp.LeapStatus);
        Assert.Equal(overUnix.Address, overUdp.Address);
        Assert.Equal((ushort)0, overUdp.LeapStatus);
    }

    [Fact]
    public void SourcesOverUdpAreTheSourcesTheSocketGives()
    {
        using ChronyConnection unix = ChronyConnection.Open(chrony.Harness.ClientSocketPath);
        using ChronyUdpConnection udp = ChronyUdpConnection.Open(new IPEndPoint(IPAddress.Loopback, chrony.Port), Timeout);

        Assert.Equal(1, udp.GetSourceCount());
        SourceReport overUdp = udp.GetSourceData(0);
        SourceReport overUnix = unix.GetSourceData(0);
        Assert.Equal("127.0.0.1", overUdp.Address?.ToString());
        Assert.Equal(overUnix.Address, overUdp.Address);
        Assert.Equal(overUnix.Stratum, overUdp.Stratum);
        Assert.Equal(overUnix.Mode, overUdp.Mode);
        Assert.Equal(ChronyStatus.NoSuchSource, (ChronyStatus)Assert.Throws<ChronyException>(() => udp.GetSourceData(1)).Status!.Value);
    }

    [Fact]
    public void AClosedPortIsRefusedAtTheFirstRequest()
    {
        int closed = LoopbackPorts.ReserveUdp(); // nothing is bound there once ReserveUdp returns
        using ChronyUdpConnection udp = ChronyUdpConnection.Open(new IPEndPoint(IPAddress.Loopback, closed), Timeout);

        ChronyException e = Assert.Throws<ChronyException>(() => udp.GetTracking());

        Assert.Equal(ChronyFailureKind.Refused, e.Kind);
        Assert.StartsWith($"nothing listens on 127.0.0.1:{closed}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheQueryUsesTheSocketWhenItCan()
    {
        ChronyQueryResult<TrackingReport> result = ChronyReadOnlyQuery.Run(
            new ChronyQueryOptions { SocketPath = chrony.Harness.ClientSocketPath, UdpPort = chrony.Port }, c => c.GetTracking());

        Assert.Equal(ChronyTransport.UnixSocket, result.Transport);
        Assert.Equal(chrony.Harness.ClientSocketPath, result.Server);
        Assert.Null(result.UnixFailure);
        Assert.Equal(0x7F000001u, result.Value.RefId);
    }

    [Fact]
    public void TheQueryFallsBackToUdpWhenTheSocketIsMissing()
    {
        string missing = Path.Combine(chrony.Harness.Client.Directory, "elsewhere.sock");

        ChronyQueryResult<int> result = ChronyReadOnlyQuery.Run(
            new ChronyQueryOptions { SocketPath = missing, UdpPort = chrony.Port }, c => c.GetSourceCount());

        Assert.Equal(ChronyTransport.Udp, result.Transport);
        Assert.Equal($"127.0.0.1:{chrony.Port}", result.Server);
        Assert.Equal(1, result.Value);
        Assert.Equal(ChronyFailureKind.SocketMissing, result.UnixFailure?.Kind);
    }

    [Fact]
    public void WithoutAnyRouteTheSocketsCauseLeads()
    {
        string missing = Path.Combine(chrony.Harness.Client.Directory, "elsewhere.sock");
        int closed = LoopbackPorts.ReserveUdp();

        ChronyException e = Assert.Throws<ChronyException>(() => ChronyReadOnlyQuery.Run(
            new ChronyQueryOptions { SocketPath = missing, UdpPort = closed }, c => c.GetTracking()));

        Assert.Equal(ChronyFailureKind.SocketMissing, e.Kind);
        Assert.StartsWith($"cannot connect to chronyd's command socket {missing}: no such socket", e.Message, StringComparison.Ordinal);
        Assert.Contains($"over UDP too: 127.0.0.1:{closed}: nothing listens on 127.0.0.1:{closed}", e.Message, StringComparison.Ordinal);
        Assert.Contains($"[::1]:{closed}: ", e.Message, StringComparison.Ordinal);
    }
}
