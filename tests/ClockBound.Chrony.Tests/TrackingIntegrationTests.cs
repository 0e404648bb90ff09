using System.Globalization;
using ClockBound.TestSupport;

namespace ClockBound.Chrony.Tests;

/// <summary>Decoding checked against chronyc's own decoding of the same replies, from a real chronyd pair.</summary>
public sealed class TrackingIntegrationTests(SyncedChronyd chrony) : IClassFixture<SyncedChronyd>
{
    // chronyc prints seconds with 9 decimals, ppm with 3, the update interval with 1: half a unit
    // in the last place, plus a little for the double it parses into.
    private const double SecondsTolerance = 0.5e-9 + 1e-15;
    private const double PpmTolerance = 0.5e-3 + 1e-12;
    private const double IntervalTolerance = 0.05 + 1e-12;
    private const int Attempts = 30;

    private static readonly ChronyConnectionOptions ShortTimeout = new() { Timeout = TimeSpan.FromMilliseconds(300) };

    private ChronydHarness Harness => chrony.Harness;

    [Fact]
    public void TrackingOfTheClientEqualsChronycTracking()
    {
        using ChronyConnection connection = ChronyConnection.Open(Harness.ClientSocketPath);

        (TrackingReport report, ChronycTracking chronyc) = CrossCheckTracking(connection, Harness.Client);

        Assert.Equal(0x7F000001u, report.RefId); // synchronised to the server on 127.0.0.1
        Assert.Equal("127.0.0.1", report.Address?.ToString());
        Assert.Equal((ushort)1, report.AddressFamily);
        Assert.Equal((ushort)2, report.Stratum);
        Assert.Equal((ushort)0, report.LeapStatus);
        Assert.Equal("127.0.0.1", chronyc.ReferenceName);
    }

    [Fact]
    public void TrackingOfTheLocalStratum1ServerEqualsChronycTracking()
    {
        using ChronyConnection connection = ChronyConnection.Open(Harness.Server!.SocketPath);

        (TrackingReport report, _) = CrossCheckTracking(connection, Harness.Server!);

        Assert.Equal(0x7F7F0101u, report.RefId); // chronyd's id for its local reference
        Assert.Equal((ushort)1, report.Stratum);
        Assert.Null(report.Address);
        Assert.Equal((ushort)0, report.AddressFamily);
    }

    [Fact]
    public void SourceCountAndDataEqualChronycSources()
    {
        using ChronyConnection connection = ChronyConnection.Open(Harness.ClientSocketPath);

        Assert.Equal(1, connection.GetSourceCount());
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            SourceReport before = connection.GetSourceData(0);
            string[] row = Assert.Single(Harness.Client.RunChronycCsv("sources"));
            SourceReport after = connection.GetSourceData(0);
            if (before != after)
            {
                continue; // a sample arrived in between: chronyc saw one of two states
            }

            Assert.Equal("^", row[0]);
            Assert.Equal(StateChar(before.State), row[1]);
            Assert.Equal(before.Address?.ToString(), row[2]);
            Assert.Equal(before.Stratum.ToString(CultureInfo.InvariantCulture), row[3]);
            Assert.Equal(before.PollLog2.ToString(CultureInfo.InvariantCulture), row[4]);
            Assert.Equal(Convert.ToString(before.Reachability, 8), row[5]);
            Assert.Equal(before.SecondsSinceSample.ToString(CultureInfo.InvariantCulture), row[6]);
            AssertNear(before.LatestOffset.ToDouble(), Parse(row[7]), SecondsTolerance, "adjusted offset");
            AssertNear(before.OriginalLatestOffset.ToDouble(), Parse(row[8]), SecondsTolerance, "measured offset");
            AssertNear(before.LatestOffsetError.ToDouble(), Parse(row[9]), SecondsTolerance, "error");
            Assert.Equal(SourceMode.Client, before.Mode);
            Assert.Equal((ushort)1, before.Stratum);
            return;
        }

        Assert.Fail($"the source changed during every one of {Attempts} attempts");
    }

    [Fact]
    public void SourceIndexPastTheEndIsNOSUCHSOURCE()
    {
        using ChronyConnection connection = ChronyConnection.Open(Harness.ClientSocketPath);

        ChronyException e = Assert.Throws<ChronyException>(() => connection.GetSourceData(1));

        Assert.Equal((ushort)ChronyStatus.NoSuchSource, e.Status);
        Assert.Contains("NOSUCHSOURCE", e.Message);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(103)] // one byte short of the 104-byte reply
    public void RequestShorterThanItsReplyGetsBADPKTLENGTH(int length)
    {
        using ChronyConnection connection = ChronyConnection.Open(Harness.ClientSocketPath, ShortTimeout);

        ChronyException e = Assert.Throws<ChronyException>(() => connection.SendUnpaddedTracking(length));

        Assert.Equal((ushort)19, e.Status);
        Assert.Contains("status 19 (BADPKTLENGTH)", e.Message);
        Assert.Equal(0x7F000001u, connection.GetTracking().RefId); // and the connection still works
    }

    [Fact]
    public void HeaderOnlyRequestIsDroppedWithoutReply()
    {
        using ChronyConnection connection = ChronyConnection.Open(Harness.ClientSocketPath, ShortTimeout);

        ChronyException e = Assert.Throws<ChronyException>(() => connection.SendUnpaddedTracking(20));

        Assert.Null(e.Status);
        Assert.StartsWith($"no reply from chronyd at {Harness.ClientSocketPath} within 0.3 s", e.Message);
    }

    [Fact]
    public void DisposeRemovesTheClientSocketFile()
    {
        ChronyConnection connection = ChronyConnection.Open(
            Harness.ClientSocketPath, new ChronyConnectionOptions { ClientSocketPrefix = "dispose" });
        string path = connection.ClientSocketPath;
        Assert.Equal(Path.Combine(Harness.Client.Directory, $"dispose.{Environment.ProcessId}.sock"), path);
        connection.GetTracking();
        Assert.True(File.Exists(path));

        connection.Dispose();

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AStaleFileAtTheClientPathIsReplaced()
    {
        string stale = Path.Combine(Harness.Client.Directory, $"stale.{Environment.ProcessId}.sock");
        File.WriteAllText(stale, "stale");

        using ChronyConnection connection = ChronyConnection.Open(
            Harness.ClientSocketPath, new ChronyConnectionOptions { ClientSocketPrefix = "stale" });

        Assert.Equal(stale, connection.ClientSocketPath);
        Assert.Equal((ushort)2, connection.GetTracking().Stratum);
    }

    [Fact]
    public void MissingSocketIsAClearError()
    {
        string missing = Path.Combine(Harness.Client.Directory, "missing.sock");

        ChronyException e = Assert.Throws<ChronyException>(() => ChronyConnection.Open(missing));

        Assert.Equal(
            $"cannot connect to chronyd's command socket {missing}: no such socket (is chronyd running, with this bindcmdaddress?)",
            e.Message);
        Assert.IsType<System.Net.Sockets.SocketException>(e.InnerException);
    }

    /// <summary>
    /// Asks for tracking, runs chronyc, asks again. chronyd may update its clock between the
    /// calls, so the comparison is made only when both of our reports show the same update
    /// (same reference time); the values that drift between updates (current correction, root
    /// dispersion) must then lie between our two readings, within chronyc's printed precision.
    /// </summary>
    private static (TrackingReport Report, ChronycTracking Chronyc) CrossCheckTracking(
        ChronyConnection connection, ChronydInstance instance)
    {
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            TrackingReport before = connection.GetTracking();
            ChronycTracking chronyc = instance.GetChronycTracking();
            TrackingReport after = connection.GetTracking();
            if (before.RefTimeSeconds != after.RefTimeSeconds
                || before.RefTimeNanoseconds != after.RefTimeNanoseconds
                || before.LastOffset != after.LastOffset)
            {
                continue; // the clock was updated during the check
            }

            Assert.Equal(chronyc.RefId, before.RefId);
            Assert.Equal(chronyc.ReferenceName, before.Address?.ToString() ?? string.Empty);
            Assert.Equal(chronyc.Stratum, before.Stratum);
            Assert.Equal(chronyc.LeapStatusCode, before.LeapStatus);
            Assert.Equal(chronyc.RefTimeSeconds, before.RefTimeSeconds);
            Assert.Equal(chronyc.RefTimeNanoseconds, before.RefTimeNanoseconds);
            AssertBetween(before.CurrentCorrection, after.CurrentCorrection, chronyc.SystemTime, SecondsTolerance, "current correction");
            AssertBetween(before.LastOffset, after.LastOffset, chronyc.LastOffset, SecondsTolerance, "last offset");
            AssertBetween(before.RmsOffset, after.RmsOffset, chronyc.RmsOffset, SecondsTolerance, "RMS offset");
            AssertBetween(before.FrequencyPpm, after.FrequencyPpm, chronyc.FrequencyPpm, PpmTolerance, "frequency");
            AssertBetween(before.ResidualFrequencyPpm, after.ResidualFrequencyPpm, chronyc.ResidualFrequencyPpm, PpmTolerance, "residual frequency");
            AssertBetween(before.SkewPpm, after.SkewPpm, chronyc.SkewPpm, PpmTolerance, "skew");
            AssertBetween(before.RootDelay, after.RootDelay, chronyc.RootDelay, SecondsTolerance, "root delay");
            AssertBetween(before.RootDispersion, after.RootDispersion, chronyc.RootDispersion, SecondsTolerance, "root dispersion");
            AssertBetween(before.LastUpdateInterval, after.LastUpdateInterval, chronyc.UpdateInterval, IntervalTolerance, "update interval");
            Assert.True(after.RootDispersion.ToDouble() >= before.RootDispersion.ToDouble(), "root dispersion only grows between updates");
            return (before, chronyc);
        }

        Assert.Fail($"chronyd updated its clock during every one of {Attempts} attempts");
        throw new InvalidOperationException(); // unreachable
    }

    private static void AssertBetween(ChronyFloat first, ChronyFloat second, double printed, double tolerance, string field)
    {
        double low = Math.Min(first.ToDouble(), second.ToDouble()) - tolerance;
        double high = Math.Max(first.ToDouble(), second.ToDouble()) + tolerance;
        Assert.True(
            printed >= low && printed <= high,
            $"{field}: chronyc printed {printed:R}, ours read {first.ToDouble():R} then {second.ToDouble():R}");
    }

    private static void AssertNear(double ours, double printed, double tolerance, string field) =>
        Assert.True(Math.Abs(ours - printed) <= tolerance, $"{field}: chronyc printed {printed:R}, ours {ours:R}");

    private static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string StateChar(SourceState state) => state switch
    {
        SourceState.Selected => "*",
        SourceState.NonSelectable => "?",
        SourceState.Falseticker => "x",
        SourceState.Jittery => "~",
        SourceState.Unselected => "-",
        SourceState.Selectable => "+",
        _ => "unknown",
    };
}
