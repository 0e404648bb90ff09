using System.Buffers.Binary;
using System.Net.Sockets;
using ClockBound.TestSupport;

namespace ClockBound.Chrony.Tests;

/// <summary>The connection's socket handling and reply filtering, against a scripted fake server.</summary>
public sealed class ChronyConnectionTests : IDisposable
{
    private static readonly ChronyConnectionOptions Fast = new() { Timeout = TimeSpan.FromMilliseconds(200) };

    private readonly FakeChronyServer _server = FakeChronyServer.Start();

    public void Dispose() => _server.Dispose();

    [Fact]
    public void BindsItsSocketBesideTheServerSocketWritableByChronyd()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath);

        Assert.Equal(Path.Combine(_server.Directory, $"clockbound.{Environment.ProcessId}.sock"), connection.ClientSocketPath);
        Assert.True(File.Exists(connection.ClientSocketPath));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite,
            File.GetUnixFileMode(connection.ClientSocketPath));
        Assert.Equal(_server.SocketPath, connection.ServerSocketPath);
        Assert.Equal(TimeSpan.FromSeconds(1), connection.Timeout);
    }

    [Fact]
    public void HonoursClientDirectoryAndPrefix()
    {
        using TempDirectory other = TempDirectory.Create("clockbound-clientdir-");

        using ChronyConnection connection = ChronyConnection.Open(
            _server.SocketPath, new ChronyConnectionOptions { ClientSocketDirectory = other.Path, ClientSocketPrefix = "probe" });

        Assert.Equal(other.Combine($"probe.{Environment.ProcessId}.sock"), connection.ClientSocketPath);
        AssertTrackingRoundTrip(connection);
    }

    [Fact]
    public void DisposeRemovesTheClientSocketAndIsIdempotent()
    {
        ChronyConnection connection = ChronyConnection.Open(_server.SocketPath);
        string path = connection.ClientSocketPath;

        connection.Dispose();
        connection.Dispose();

        Assert.False(File.Exists(path));
        Assert.Throws<ObjectDisposedException>(() => connection.GetTracking());
    }

    [Fact]
    public void ReplacesAStaleFileAtTheClientPath()
    {
        string stalePath = Path.Combine(_server.Directory, $"stale.{Environment.ProcessId}.sock");
        File.WriteAllText(stalePath, "left behind by a crashed process");

        using ChronyConnection connection = ChronyConnection.Open(
            _server.SocketPath, new ChronyConnectionOptions { ClientSocketPrefix = "stale" });

        Assert.Equal(stalePath, connection.ClientSocketPath);
        AssertTrackingRoundTrip(connection);
    }

    [Fact]
    public void TwoConnectionsInOneProcessGetDistinctSockets()
    {
        var options = new ChronyConnectionOptions { ClientSocketPrefix = "twin" };
        using ChronyConnection first = ChronyConnection.Open(_server.SocketPath, options);
        using ChronyConnection second = ChronyConnection.Open(_server.SocketPath, options);

        Assert.NotEqual(first.ClientSocketPath, second.ClientSocketPath);
        Assert.Equal(Path.Combine(_server.Directory, $"twin.{Environment.ProcessId}.2.sock"), second.ClientSocketPath);
        first.Dispose();
        Assert.True(File.Exists(second.ClientSocketPath)); // the first did not remove the second's file
        AssertTrackingRoundTrip(second);
    }

    [Fact]
    public void TimesOutWithAClearMessage()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath, Fast);
        long start = Environment.TickCount64;

        ChronyException e = Assert.Throws<ChronyException>(() => connection.GetTracking());

        Assert.StartsWith($"no reply from chronyd at {_server.SocketPath} within 0.2 s", e.Message);
        Assert.Null(e.Status);
        Assert.True(Environment.TickCount64 - start >= 150, "it waited for the timeout");
        Assert.Equal(104, _server.ReceiveRequest().Length); // the request did go out
    }

    [Fact]
    public async Task AServerThatNeverReadsCannotBlockARequestPastItsTimeout()
    {
        // A hung chronyd stops reading; once its queue is full a blocking send would wait forever.
        using ChronyConnection connection = ChronyConnection.Open(
            _server.SocketPath, new ChronyConnectionOptions { Timeout = TimeSpan.FromMilliseconds(2) });
        var failures = new List<string>();
        int queueLength = int.Parse(File.ReadAllText("/proc/sys/net/unix/max_dgram_qlen").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        int count = Math.Min(Math.Max(100, (2 * queueLength) + 20), 5000);

        Task requests = Task.Factory.StartNew(
            () =>
            {
                for (int i = 0; i < count; i++)
                {
                    failures.Add(Assert.Throws<ChronyException>(() => connection.ResetSources()).Message);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        await requests.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(count, failures.Count);
        Assert.Contains(failures, m => m.Contains("is not reading its requests", StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultTimeoutIsOneSecond()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath);

        ChronyException e = Assert.Throws<ChronyException>(() => connection.ResetSources());

        Assert.StartsWith($"no reply from chronyd at {_server.SocketPath} within 1 s", e.Message);
    }

    [Fact]
    public async Task DiscardsForeignShortAndStaleDatagramsUntilItsReply()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath, Fast with { Timeout = TimeSpan.FromSeconds(5) });
        Task server = _server.Serve(connection.ClientSocketPath, request =>
        {
            uint sequence = FakeChronyServer.SequenceOf(request);
            return
            [
                new byte[10],                                          // too short for a header
                WireBytes.TrackingReply(sequence - 1, "0009"),         // an earlier request's reply
                WireBytes.Reply(33, 5, sequence, 104, version: 5),     // wrong version
                WireBytes.Reply(33, 5, sequence, 104, packetType: 1),  // a request, not a reply
                WireBytes.Reply(66, 1, sequence, 28),                  // reply to another command
                new byte[4000],                                        // oversized junk
                WireBytes.TrackingReply(sequence),                     // ours
            ];
        });

        TrackingReport report = connection.GetTracking();

        Assert.Equal((ushort)2, report.Stratum);
        Assert.Equal(0x50484330u, report.RefId);
        await server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ALateReplyToATimedOutRequestIsNotTakenForTheNextOne()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath, Fast);
        Assert.Throws<ChronyException>(() => connection.GetTracking());
        uint firstSequence = FakeChronyServer.SequenceOf(_server.ReceiveRequest());
        _server.SendTo(connection.ClientSocketPath, WireBytes.TrackingReply(firstSequence, "0009")); // too late

        Task server = _server.Serve(
            connection.ClientSocketPath, request => [WireBytes.TrackingReply(FakeChronyServer.SequenceOf(request), "0003")]);
        TrackingReport report = connection.GetTracking();

        Assert.Equal((ushort)3, report.Stratum);
        await server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ErrorStatusBecomesAChronyExceptionWithTheStatus()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath, Fast);
        Task server = _server.Serve(
            connection.ClientSocketPath, request => [WireBytes.Reply(33, 1, FakeChronyServer.SequenceOf(request), 28, status: 19)]);

        ChronyException e = Assert.Throws<ChronyException>(() => connection.GetTracking());

        Assert.Equal((ushort)ChronyStatus.BadPacketLength, e.Status);
        Assert.Contains("BADPKTLENGTH", e.Message);
        await server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AReplyOfTheWrongKindIsAnErrorNotATimeout()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath, Fast with { Timeout = TimeSpan.FromSeconds(5) });
        Task server = _server.Serve(
            connection.ClientSocketPath, request => [WireBytes.Reply(33, 5, FakeChronyServer.SequenceOf(request), 60)]);

        ChronyException e = Assert.Throws<ChronyException>(() => connection.GetTracking());

        Assert.Contains("60-byte TRACKING reply", e.Message);
        await server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SequenceNumbersIncreaseByOnePerRequest()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath, Fast);
        var sequences = new List<uint>();
        Task server = _server.Serve(
            connection.ClientSocketPath,
            request =>
            {
                uint sequence = FakeChronyServer.SequenceOf(request);
                sequences.Add(sequence);
                return [WireBytes.TrackingReply(sequence)];
            },
            requests: 3);

        for (int i = 0; i < 3; i++)
        {
            connection.GetTracking();
        }

        await server.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([sequences[0], unchecked(sequences[0] + 1), unchecked(sequences[0] + 2)], sequences);
    }

    [Fact]
    public async Task ResetAndBurstSendTheirRequestsAndAcceptNullReplies()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath, Fast);
        var requests = new List<byte[]>();
        Task server = _server.Serve(
            connection.ClientSocketPath,
            request =>
            {
                requests.Add(request);
                ushort command = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(4));
                return [WireBytes.Reply(command, 1, FakeChronyServer.SequenceOf(request), 28)];
            },
            requests: 2);

        connection.ResetSources();
        connection.Burst(4, 8);

        await server.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(28, requests[0].Length);
        Assert.Equal(66, BinaryPrimitives.ReadUInt16BigEndian(requests[0].AsSpan(4)));
        Assert.Equal(68, requests[1].Length);
        Assert.Equal(3, BinaryPrimitives.ReadUInt16BigEndian(requests[1].AsSpan(4)));
        Assert.Equal(4, BinaryPrimitives.ReadInt32BigEndian(requests[1].AsSpan(60)));
        Assert.Equal(8, BinaryPrimitives.ReadInt32BigEndian(requests[1].AsSpan(64)));
    }

    [Theory]
    [InlineData(0, 8)]
    [InlineData(-1, 8)]
    [InlineData(5, 4)]
    public void BurstRejectsImpossibleSampleCounts(int good, int total)
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath, Fast);

        Assert.Throws<ArgumentOutOfRangeException>(() => connection.Burst(good, total));
    }

    [Fact]
    public void SurvivesAServerRestart()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath, Fast);
        AssertTrackingRoundTrip(connection);

        _server.Restart();

        AssertTrackingRoundTrip(connection);
    }

    [Fact]
    public void ServerGoneIsAClearErrorAndItRecoversWhenItReturns()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath, Fast);
        _server.Close();

        ChronyException e = Assert.Throws<ChronyException>(() => connection.GetTracking());
        Assert.Contains(_server.SocketPath, e.Message);
        Assert.IsType<SocketException>(e.InnerException);

        _server.Restart();
        AssertTrackingRoundTrip(connection);
    }

    [Fact]
    public async Task ConcurrentRequestsAreSerialised()
    {
        using ChronyConnection connection = ChronyConnection.Open(_server.SocketPath, Fast with { Timeout = TimeSpan.FromSeconds(5) });
        Task server = _server.Serve(
            connection.ClientSocketPath, request => [WireBytes.TrackingReply(FakeChronyServer.SequenceOf(request))], requests: 20);

        Parallel.For(0, 20, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => connection.GetTracking());

        await server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void MissingServerSocketIsAClearError()
    {
        string missing = Path.Combine(_server.Directory, "absent.sock");

        ChronyException e = Assert.Throws<ChronyException>(() => ChronyConnection.Open(missing));

        Assert.Contains($"cannot connect to chronyd's command socket {missing}", e.Message);
        Assert.Contains("is chronyd running", e.Message);
        Assert.IsType<SocketException>(e.InnerException);
        Assert.False(File.Exists(Path.Combine(_server.Directory, $"clockbound.{Environment.ProcessId}.sock")), "no client socket left behind");
    }

    [Fact]
    public void UnwritableClientDirectoryIsAClearError()
    {
        string missingDirectory = Path.Combine(_server.Directory, "no-such-dir");

        ChronyException e = Assert.Throws<ChronyException>(() => ChronyConnection.Open(
            _server.SocketPath, new ChronyConnectionOptions { ClientSocketDirectory = missingDirectory }));

        Assert.Contains($"cannot create the client socket {missingDirectory}/", e.Message);
    }

    [Fact]
    public void OverLongSocketPathIsAClearError()
    {
        string longPath = "/tmp/" + new string('x', 200) + "/chronyd.sock";

        ChronyException e = Assert.Throws<ChronyException>(() => ChronyConnection.Open(
            longPath, new ChronyConnectionOptions { ClientSocketDirectory = _server.Directory }));

        Assert.Contains(longPath, e.Message);
    }

    [Fact]
    public void RejectsBadOptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChronyConnection.Open(
            _server.SocketPath, new ChronyConnectionOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => ChronyConnection.Open(
            _server.SocketPath, new ChronyConnectionOptions { ClientSocketPrefix = "a/b" }));
        Assert.Throws<ArgumentException>(() => ChronyConnection.Open(
            _server.SocketPath, new ChronyConnectionOptions { ClientSocketPrefix = "" }));
        Assert.ThrowsAny<ArgumentException>(() => ChronyConnection.Open(""));
    }

    private void AssertTrackingRoundTrip(ChronyConnection connection)
    {
        Task server = _server.Serve(
            connection.ClientSocketPath, request => [WireBytes.TrackingReply(FakeChronyServer.SequenceOf(request))]);
        Assert.Equal(0x50484330u, connection.GetTracking().RefId);
        Assert.True(server.Wait(TimeSpan.FromSeconds(10)), "fake chronyd served the request");
    }
}
