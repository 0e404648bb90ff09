using System.Text.Json;
using ClockBound.Interop;
using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.Ctl.Tests;

public sealed class StatusTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("clockboundctl-status-");

    public void Dispose() => _directory.Dispose();

    private static ChronyFacts Unreachable => new("/nope/chronyd.sock", null, "cannot connect to chronyd's command socket /nope/chronyd.sock: no such socket");

    [Fact]
    public void ASegmentNobodyWritesNamesADeadDaemon()
    {
        string path = _directory.Combine("shm0");
        long asOf = Clocks.MonotonicCoarseNanoseconds() - 190 * Segments.Second; // a test host has been up longer
        Segments.Write(path, 2, Segments.Fresh(bound: 40_000) with { AsOfNanoseconds = asOf, VoidAfterNanoseconds = asOf + 1000 * Segments.Second });

        var output = new StringWriter { NewLine = "\n" };
        int code = StatusCommand.Run(path, "/nope/chronyd.sock", json: false, output, TextWriter.Null);

        string text = output.ToString();
        Assert.Equal(0, code);
        Assert.Contains("status:      FreeRunning (the daemon published Synchronized; clients read it so because its data is older than 5 s)\n", text);
        Assert.Matches(@"last update: 19\d\.\d s ago: is the daemon running\? \(nothing has written the segment for 1\.2 s\)\n", text);
        Assert.Contains("void after:  in 8", text);
        Assert.Contains("max drift:   50 PPM (50000 ppb)\n", text);
        Assert.Contains("disruption:  support off, marker 0\n", text);
        Assert.Contains($"segment:     {path} (version 2)\n", text);
        Assert.Contains("file:        owner root:root, mode 0644\n", text);
        Assert.Contains("chronyd:     unreachable: cannot connect to chronyd's command socket /nope/chronyd.sock", text);
    }

    [Fact]
    public void JsonHasTheFields()
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh(bound: 40_000) with { DisruptionMarker = 7, DisruptionSupportEnabled = true });

        var output = new StringWriter { NewLine = "\n" };
        Assert.Equal(0, StatusCommand.Run(path, "/nope/chronyd.sock", json: true, output, TextWriter.Null));

        using JsonDocument document = JsonDocument.Parse(output.ToString());
        JsonElement json = document.RootElement;
        Assert.Equal(path, json.GetProperty("segment_path").GetString());
        Assert.Equal(2, json.GetProperty("segment_version").GetInt32());
        // Disruption support is on and this host has no VMClock device for the client to check the
        // marker against: a client reports Unknown (it fails closed), whatever the daemon published.
        Assert.Equal("Unknown", json.GetProperty("status").GetString());
        Assert.Equal("Synchronized", json.GetProperty("published_status").GetString());
        Assert.Equal(40_000, json.GetProperty("published_bound_ns").GetInt64());
        Assert.True(json.GetProperty("bound_ns").GetInt64() >= 40_000);
        Assert.InRange(json.GetProperty("data_age_ns").GetInt64(), 0, 60 * Segments.Second);
        Assert.Equal(50_000u, json.GetProperty("max_drift_ppb").GetUInt32());
        Assert.True(json.GetProperty("disruption_support").GetBoolean());
        Assert.Equal(7ul, json.GetProperty("disruption_marker").GetUInt64());
        Assert.False(json.GetProperty("publishing").GetBoolean());
        Assert.Equal("0644", json.GetProperty("file").GetProperty("mode").GetString());
        Assert.False(json.GetProperty("chronyd").GetProperty("reachable").GetBoolean());
        Assert.Contains("/nope/chronyd.sock", json.GetProperty("chronyd").GetProperty("error").GetString());
    }

    [Fact]
    public void AMissingSegmentExits1AndStillReportsChronyd()
    {
        var output = new StringWriter { NewLine = "\n" };
        int code = StatusCommand.Run(_directory.Combine("nope"), "/nope/chronyd.sock", json: false, output, TextWriter.Null);

        Assert.Equal(1, code);
        Assert.Contains("status:      unreadable: SystemCallFailed: ", output.ToString());
        Assert.Contains("(is the clockbound daemon running, with this --shm-path?)", output.ToString());
        Assert.Contains("chronyd:     unreachable: ", output.ToString());
    }

    [Fact]
    public void RequirePublishingExits3WhenNothingWritesTheSegment()
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh(bound: 40_000));
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };

        int code = StatusCommand.Run(path, "/nope/chronyd.sock", json: false, output, error, requirePublishing: true);

        Assert.Equal(3, code);
        Assert.Contains("status:      Synchronized\n", output.ToString()); // still all printed
        Assert.Equal($"clockboundctl: nothing wrote {path} for 1.2 s: the daemon is not running or its loop is stalled (--require-publishing)\n", error.ToString());
        Assert.Equal(0, StatusCommand.Run(path, "/nope/chronyd.sock", json: false, output, TextWriter.Null)); // without the flag
    }

    [Fact]
    public void RequirePublishingKeepsExit1ForAnUnreadableSegment()
    {
        var error = new StringWriter();
        int code = StatusCommand.Run(_directory.Combine("nope"), "/nope/chronyd.sock", json: false, TextWriter.Null, error, requirePublishing: true);
        Assert.Equal(1, code);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void ASegmentFromTheFutureExits1WithTheClientsError()
    {
        string path = _directory.Combine("shm0");
        long asOf = Clocks.MonotonicCoarseNanoseconds() + 60 * Segments.Second; // as after a reboot
        Segments.Write(path, 2, Segments.Fresh() with { AsOfNanoseconds = asOf, VoidAfterNanoseconds = asOf + 1000 * Segments.Second });

        var output = new StringWriter { NewLine = "\n" };
        int code = StatusCommand.Run(path, "/nope/chronyd.sock", json: false, output, TextWriter.Null);

        Assert.Equal(1, code);
        Assert.Contains("status:      unreadable: CausalityBreach: ", output.ToString());
    }

    [Theory]
    [InlineData(1, true, "1.0 s ago")]
    [InlineData(1, false, "1.0 s ago, but nothing has written the segment for 1.2 s: is the daemon running?")]
    [InlineData(190, true, "190.0 s ago: the daemon is running but has had no good sample from chronyd since (see the chronyd line, and the daemon's log)")]
    [InlineData(190, false, "190.0 s ago: is the daemon running? (nothing has written the segment for 1.2 s)")]
    public void AgeText(long seconds, bool publishing, string expected)
    {
        var value = new ClockErrorBound { AsOfNanoseconds = 1000 * Segments.Second, VoidAfterNanoseconds = 2000 * Segments.Second, BoundNanoseconds = 1, MaxDriftPpb = 0, Status = ClockStatus.Synchronized };
        var facts = new SegmentFacts("/p", new SegmentSnapshot(value, 2), null, null, (1000 + seconds) * Segments.Second, publishing, null, null, null, null);

        Assert.Equal(expected, StatusFormatter.AgeText(facts));
    }
}
