using System.Globalization;
using Xunit.Abstractions;

namespace ClockBound.Packaging.Tests;

/// <summary>(b) A console app built from the packages reads a real daemon's segment and prints the reading.</summary>
[Collection(ConsumerCollection.Name)]
public sealed class StatusAppConsumerTests(ConsumerSuite suite, ITestOutputHelper output)
{
    [Fact]
    public void AConsoleAppPrintsTheRealDaemonsSynchronizedInterval()
    {
        suite.BuildWithoutWarnings("StatusApp");
        SynchronizedDaemon daemon = suite.Daemon;

        long before = RealtimeNanoseconds();
        ProcessResult run = suite.Timed("run StatusApp", () =>
            DotNetCli.Run(suite.Project("StatusApp"), [suite.OutputAssembly("StatusApp"), daemon.SegmentPath], TimeSpan.FromMinutes(1)));
        long after = RealtimeNanoseconds();
        output.WriteLine(run.StandardOutput + run.StandardError);
        output.WriteLine(string.Join('\n', suite.Timings));
        Assert.True(run.ExitCode == 0, $"StatusApp exited {run.ExitCode}: {run.StandardError}\ndaemon:\n{daemon.Output}");

        Dictionary<string, string> printed = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        Assert.Equal("Synchronized", printed["status"]);
        Assert.Equal("True", printed["reliable"]);
        long bound = long.Parse(printed["bound_ns"], CultureInfo.InvariantCulture);
        long earliest = long.Parse(printed["earliest_ns"], CultureInfo.InvariantCulture);
        long latest = long.Parse(printed["latest_ns"], CultureInfo.InvariantCulture);
        Assert.InRange(bound, 1, 1_000_000_000); // a loopback chronyd: well under a second
        Assert.Equal(latest - earliest, 2 * bound);
        // The interval is around the system clock as it was while the app ran (chronyd runs with -x
        // and never moves it, so the system clock is what the interval must hold).
        Assert.True(earliest <= after && latest >= before, $"[{earliest}, {latest}] does not meet [{before}, {after}]");
    }

    private static long RealtimeNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
