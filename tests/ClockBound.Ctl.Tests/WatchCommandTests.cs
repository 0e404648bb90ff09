using System.Text.Json;
using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.Ctl.Tests;

public sealed class WatchCommandTests : IDisposable
{
    private const string LinePattern = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \+/- \d+(\.\d{3})? (ns|us|ms|s) (Synchronized|FreeRunning|Unknown|Disrupted)$";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = TempDirectory.Create("clockboundctl-watch-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Count3Prints3LinesForPeople()
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh(bound: 58_390, driftPpb: 0));

        CtlResult result = Ctl.Run("watch", "--shm-path", path, "--interval-ms", "10", "--count", "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Error);
        Assert.Equal(3, result.OutputLines.Length);
        Assert.All(result.OutputLines, line =>
        {
            Assert.Matches(LinePattern, line);
            Assert.EndsWith(" +/- 58.390 us Synchronized", line);
        });
    }

    [Fact]
    public void Count3Prints3JsonLinesWithTheKeysOfNow()
    {
        string path = _directory.Combine("shm");
        Segments.Write(path, 1, Segments.Fresh(bound: 1_000, status: ClockStatus.FreeRunning));

        CtlResult result = Ctl.Run("watch", "--shm-path", path, "--interval-ms", "10", "--count", "3", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, result.OutputLines.Length);
        long previousMiddle = 0;
        foreach (string line in result.OutputLines)
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement json = document.RootElement;
            Assert.Equal(
                ["earliest_ns", "latest_ns", "bound_ns", "status", "reliable", "earliest", "latest", "segment_path", "segment_version"],
                json.EnumerateObject().Select(p => p.Name));
            Assert.Equal("FreeRunning", json.GetProperty("status").GetString());
            Assert.Equal(1, json.GetProperty("segment_version").GetInt32());
            Assert.True(json.GetProperty("bound_ns").GetInt64() >= 1_000);
            long earliest = json.GetProperty("earliest_ns").GetInt64();
            Assert.True(earliest <= json.GetProperty("latest_ns").GetInt64());
            long middle = earliest + json.GetProperty("bound_ns").GetInt64(); // the clock's reading
            Assert.True(middle > previousMiddle, "one reading per line, each later than the one before");
            previousMiddle = middle;
        }
    }

    [Fact]
    public void MissingSegmentAtTheStartIsAnError()
    {
        string path = _directory.Combine("missing");

        CtlResult result = Ctl.Run("watch", "--shm-path", path, "--count", "3");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal(
            $"clockboundctl: error: SystemCallFailed: open failed for '{path}': No such file or directory (errno 2) (is the clockbound daemon running, with this --shm-path?)\n",
            result.Error);
    }

    [Fact]
    public async Task ErrorsWhileWatchingAreReportedAndWatchingGoesOn()
    {
        // The daemon has created the segment but not published yet; then it publishes, then it
        // restarts as a version 1 daemon (re-initialising the file), then publishes again.
        string path = _directory.Combine("shm0");
        using (SegmentWriter.Open(path, 2))
        {
        }

        var output = new LineWriter();
        var error = new LineWriter();
        using var stop = new CancellationTokenSource();
        Task<int> watch = Task.Run(() => CtlCommandLine.Run(
            ["watch", "--shm-path", path, "--interval-ms", "10", "--json"], output, error, cancellation: stop.Token));
        try
        {
            error.WaitForLine(l => l.Contains("SegmentNotInitialized"), Patience, "about the unpublished segment");
            Assert.Empty(output.Lines);

            Segments.Write(path, 2, Segments.Fresh(bound: 2_000));
            output.WaitForLine(l => l.Contains("\"segment_version\":2"), Patience, "from version 2");

            SegmentWriter.Open(path, 1).Dispose(); // re-initialised, nothing published yet
            int errorsBefore = error.Lines.Count;
            error.WaitForLine(l => error.Lines.Count > errorsBefore && l.Contains("SegmentNotInitialized"), Patience, "about the restart");

            Segments.Write(path, 1, Segments.Fresh(bound: 3_000));
            output.WaitForLine(l => l.Contains("\"segment_version\":1"), Patience, "from version 1");
        }
        finally
        {
            stop.Cancel();
        }

        Assert.Equal(0, await watch.WaitAsync(Patience)); // a TimeoutException if it did not stop
        Assert.All(error.Lines, line => Assert.Matches(
            @"^clockboundctl: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z: SegmentNotInitialized: .* \(still watching\)$", line));
        Assert.All(output.Lines, line => Assert.StartsWith("{\"earliest_ns\":", line));
    }

    [Fact]
    public async Task CancellingEndsAnEndlessWatchWithExit0()
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh());
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();

        Task<int> watch = Task.Run(() => CtlCommandLine.Run(
            ["watch", "--shm-path", path, "--interval-ms", "60000"], output, new LineWriter(), cancellation: stop.Token));
        output.WaitForLine(_ => true, Patience, "at all");
        stop.Cancel();

        // It would otherwise wait 60 s for its next line; a TimeoutException if it did not stop.
        Assert.Equal(0, await watch.WaitAsync(Patience));
        Assert.Single(output.Lines);
    }

    [Theory]
    [InlineData(Signals.Term)]
    [InlineData(Signals.Int)]
    public void TerminationSignalEndsTheProcessCleanly(int signal)
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh());
        using CtlProcess process = CtlProcess.Start("watch", "--shm-path", path, "--interval-ms", "50");
        process.Output.WaitForLine(line => line.EndsWith(" Synchronized", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "from the process");

        Signals.Send(process.Id, signal);

        Assert.Equal(0, process.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal("", process.Error);
        Assert.All(process.Output.Lines, line => Assert.Matches(LinePattern, line));
    }

    [Fact]
    public void ClosedPipeEndsTheWatch()
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh());
        string command = $"'{CtlProcess.Dotnet}' '{CtlProcess.Program}' watch --json --interval-ms 10 --shm-path '{path}' | head -n 2; echo \"status=${{PIPESTATUS[0]}}\"";

        // Without EPIPE detection this never ends (and times out).
        ProcessResult result = ProcessRunner.Run("bash", ["-c", command], TimeSpan.FromSeconds(60));

        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("{\"earliest_ns\":", lines[0]);
        Assert.StartsWith("{\"earliest_ns\":", lines[1]);
        Assert.Equal("status=0", lines[2]);
        Assert.Equal("", result.StandardError);
    }
}
