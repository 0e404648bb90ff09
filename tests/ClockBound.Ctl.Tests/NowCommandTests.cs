using System.Text.Json;
using ClockBound.Interop;
using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.Ctl.Tests;

public sealed class NowCommandTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("clockboundctl-now-");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(2, ClockStatus.Synchronized, "Synchronized")]
    [InlineData(2, ClockStatus.FreeRunning, "FreeRunning")]
    [InlineData(2, ClockStatus.Unknown, "Unknown")]
    [InlineData(2, ClockStatus.Disrupted, "Disrupted")]
    [InlineData(1, ClockStatus.Synchronized, "Synchronized")]
    [InlineData(1, ClockStatus.FreeRunning, "FreeRunning")]
    [InlineData(1, ClockStatus.Unknown, "Unknown")]
    public void JsonReadingOfARealSegment(int version, ClockStatus status, string statusName)
    {
        string path = _directory.Combine($"shm-v{version}");
        Segments.Write(path, version, Segments.Fresh(bound: 12_345, status: status));

        long before = Clocks.RealtimeNanoseconds();
        CtlResult result = Ctl.Run("now", "--shm-path", path, "--json");
        long after = Clocks.RealtimeNanoseconds();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Error);
        Assert.Single(result.OutputLines);
        using JsonDocument document = JsonDocument.Parse(result.Output);
        JsonElement json = document.RootElement;
        long earliest = json.GetProperty("earliest_ns").GetInt64();
        long latest = json.GetProperty("latest_ns").GetInt64();
        long bound = json.GetProperty("bound_ns").GetInt64();
        Assert.True(earliest <= latest);
        Assert.True(bound >= 12_345, $"bound {bound} < the 12345 ns published");
        Assert.Equal(2 * bound, latest - earliest);
        // The clock was read during the run: the middle of the interval lies between our readings.
        Assert.InRange(earliest + bound, before, after);
        Assert.Equal(statusName, json.GetProperty("status").GetString());
        Assert.Equal(status is ClockStatus.Synchronized or ClockStatus.FreeRunning, json.GetProperty("reliable").GetBoolean());
        Assert.Equal(path, json.GetProperty("segment_path").GetString());
        Assert.Equal(version, json.GetProperty("segment_version").GetInt32());
        Assert.Equal(UnixInstant.FromUnixTimeNanoseconds(earliest).ToString(), json.GetProperty("earliest").GetString());
        Assert.Equal(UnixInstant.FromUnixTimeNanoseconds(latest).ToString(), json.GetProperty("latest").GetString());
    }

    [Fact]
    public void TextReadingOfARealSegment()
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh(bound: 58_390, driftPpb: 0)); // no drift: the bound stays exact

        CtlResult result = Ctl.Run("now", "--shm-path", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.OutputLines;
        Assert.Equal(5, lines.Length);
        Assert.Matches(@"^earliest: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \(\d+ ns since the epoch\)$", lines[0]);
        Assert.Matches(@"^latest:   \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \(\d+ ns since the epoch\)$", lines[1]);
        Assert.Equal("bound:    58390 ns (58.390 us)", lines[2]);
        Assert.Equal("status:   Synchronized", lines[3]);
        Assert.Equal($"segment:  {path} (version 2)", lines[4]);
    }

    [Fact]
    public void MissingSegmentIsAnErrorWithTheErrno()
    {
        string path = _directory.Combine("missing");

        CtlResult result = Ctl.Run("now", "--shm-path", path, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal(
            $"clockboundctl: error: SystemCallFailed: open failed for '{path}': No such file or directory (errno 2) (is the clockbound daemon running, with this --shm-path?)\n",
            result.Error);
    }

    [Fact]
    public void EmptyFileIsNotInitialised()
    {
        string path = _directory.Combine("empty");
        File.WriteAllBytes(path, []);

        CtlResult result = Ctl.Run("now", "--shm-path", path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("clockboundctl: error: SegmentNotInitialized: ", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void SegmentNeverWrittenIsNotInitialised()
    {
        string path = _directory.Combine("fresh");
        using (SegmentWriter.Open(path, 2))
        {
            // Header only: the daemon has not published yet.
        }

        CtlResult result = Ctl.Run("now", "--shm-path", path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("clockboundctl: error: SegmentNotInitialized: ", result.Error);
    }

    [Fact]
    public void GarbageFileIsMalformed()
    {
        string path = _directory.Combine("garbage");
        File.WriteAllBytes(path, Enumerable.Repeat((byte)0xA5, 128).ToArray());

        CtlResult result = Ctl.Run("now", "--shm-path", path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("clockboundctl: error: SegmentMalformed: ", result.Error);
    }

    [Fact]
    public void RealProcessPrintsJsonAndExits0()
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh());

        using CtlProcess process = CtlProcess.Start("now", "--json", "--shm-path", path);

        Assert.Equal(0, process.WaitForExit(TimeSpan.FromSeconds(60)));
        string line = Assert.Single(process.Output.Lines);
        using JsonDocument document = JsonDocument.Parse(line);
        Assert.Equal("Synchronized", document.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void RealProcessExits1OnAMissingSegment()
    {
        using CtlProcess process = CtlProcess.Start("now", "--shm-path", _directory.Combine("missing"));

        Assert.Equal(1, process.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("(errno 2)", process.Error);
        Assert.Empty(process.Output.Lines);
    }
}
