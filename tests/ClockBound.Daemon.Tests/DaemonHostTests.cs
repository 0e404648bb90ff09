using ClockBound.Chrony;
using ClockBound.Daemon.Tests.Fakes;
using ClockBound.Shm;
using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon.Tests;

/// <summary>
/// The composition (<see cref="DaemonHost.Run"/>) in-process with real segment files, a real
/// VMClock-layout file and the real clocks; only chronyd is a fake.
/// </summary>
[Collection(SignalCollection.Name)]
public sealed class DaemonHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cb-host-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private DaemonOptions Options(bool withVMClock = true) => new()
    {
        MaxDriftRatePpm = 50,
        MaxDriftRateGiven = true,
        ShmPath = Path.Combine(_dir, "run", "shm0"),
        ShmV1Path = Path.Combine(_dir, "run", "shm"),
        ChronySocketPath = Path.Combine(_dir, "chronyd.sock"),
        VMClockPath = Path.Combine(_dir, "vmclock0"),
        VMClockPathGiven = withVMClock,
        DisableClockDisruptionSupport = !withVMClock,
        PollInterval = TimeSpan.FromMilliseconds(10),
    };

    [Fact]
    public void RunsPublishesAndStopsCleanly()
    {
        DaemonOptions options = Options();
        VMClockFile.Write(options.VMClockPath, marker: 5);
        var logger = new CapturingLogger();
        var chrony = new RealTimeChrony();
        using var stop = new CancellationTokenSource();
        chrony.AfterCalls = (calls) =>
        {
            if (calls == 5)
            {
                stop.Cancel();
            }
        };
        string? openedWith = null;
        int code = DaemonHost.Run(options, logger, path =>
        {
            openedWith = path;
            return chrony;
        }, SystemDaemonClock.Instance, stop.Token);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(options.ChronySocketPath, openedWith);
        Assert.True(chrony.Disposed, "the chronyd connection must be disposed at shutdown");
        using SegmentReader v2 = SegmentReader.Open(options.ShmPath);
        ClockErrorBound value = v2.ReadFresh();
        Assert.Equal(ClockStatus.Synchronized, value.Status);
        Assert.Equal(50_000u, value.MaxDriftPpb);
        Assert.Equal(5UL, value.DisruptionMarker);
        Assert.True(value.DisruptionSupportEnabled);
        using SegmentReader v1 = SegmentReader.Open(options.ShmV1Path!);
        Assert.Equal(ClockStatus.Synchronized, v1.ReadFresh().Status);
        Assert.True(logger.Contains(LogLevel.Information, "Clock disruption support enabled"));
        Assert.True(logger.Contains(LogLevel.Information, "Stopped"));
        Assert.False(logger.Contains(LogLevel.Warning, "--max-drift-rate was not given"));
    }

    [Fact]
    public void SecondRunReusesTheSegmentsInPlace()
    {
        DaemonOptions options = Options(withVMClock: false) with { ShmV1Path = null };
        for (int run = 0; run < 2; run++)
        {
            var logger = new CapturingLogger();
            var chrony = new RealTimeChrony();
            using var stop = new CancellationTokenSource();
            chrony.AfterCalls = calls =>
            {
                if (calls == 2)
                {
                    stop.Cancel();
                }
            };
            Assert.Equal(0, DaemonHost.Run(options, logger, _ => chrony, SystemDaemonClock.Instance, stop.Token));
            Assert.True(logger.Contains(LogLevel.Information, run == 0 ? "(initialised)" : "(reused: warm restart)"));
            Assert.True(logger.Contains(LogLevel.Information, "Segment version 1 disabled"));
            Assert.True(logger.Contains(LogLevel.Information, "disabled (-d/--disable-clock-disruption-support)"));
        }
        Assert.False(File.Exists(Path.Combine(_dir, "run", "shm")));
    }

    [Fact]
    public void ExplicitVMClockThatCannotBeOpenedFailsStartup()
    {
        DaemonOptions options = Options();
        var logger = new CapturingLogger();
        int code = DaemonHost.Run(options, logger, _ => throw new InvalidOperationException("must not get this far"), SystemDaemonClock.Instance, default);
        Assert.Equal(ExitCodes.StartupFailed, code);
        Assert.True(logger.Contains(LogLevel.Critical, options.VMClockPath));
        Assert.True(logger.Contains(LogLevel.Critical, "-d/--disable-clock-disruption-support"));
    }

    [Fact]
    public void SegmentThatCannotBeCreatedFailsStartup()
    {
        string blocker = Path.Combine(_dir, "file");
        File.WriteAllText(blocker, "not a directory");
        DaemonOptions options = Options(withVMClock: false) with { ShmPath = Path.Combine(blocker, "shm0") };
        var logger = new CapturingLogger();
        int code = DaemonHost.Run(options, logger, _ => throw new InvalidOperationException("must not get this far"), SystemDaemonClock.Instance, default);
        Assert.Equal(ExitCodes.StartupFailed, code);
        Assert.True(logger.Contains(LogLevel.Critical, "Cannot open segment version 2"));
    }

    [Fact]
    public void ChronySocketThatCannotBeOpenedYetPublishesUnknownAndKeepsTrying()
    {
        // The real factory opens the socket lazily: a daemon started before chronyd runs, logs
        // why its samples fail (naming the socket), and publishes Unknown until chronyd answers.
        DaemonOptions options = Options(withVMClock: false);
        var logger = new CapturingLogger();
        using var stop = new CancellationTokenSource();
        int code = -1;
        var host = new Thread(() => code = DaemonHost.Run(options, logger, static path => new LazyChronyConnection(path), SystemDaemonClock.Instance, stop.Token));
        host.Start();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!logger.Contains(LogLevel.Warning, options.ChronySocketPath) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }
            Assert.True(logger.Contains(LogLevel.Warning, options.ChronySocketPath),
                "a failed sample must be logged with the socket's path");
            using SegmentReader v2 = SegmentReader.Open(options.ShmPath);
            Assert.Equal(ClockStatus.Unknown, v2.ReadFresh().Status);
            Assert.True(host.IsAlive, "the daemon must keep running while chronyd is missing");
        }
        finally
        {
            stop.Cancel();
            Assert.True(host.Join(TimeSpan.FromSeconds(30)), "the daemon did not stop when cancelled");
        }
        Assert.Equal(ExitCodes.Success, code);
    }

    [Fact]
    public void ALoopStuckInASystemCallIsAbandonedWithinTheStopDeadline()
    {
        // chronyd's reply "never comes" and the call ignores cancellation, as a blocking open() would.
        DaemonOptions options = Options(withVMClock: false);
        var logger = new CapturingLogger();
        using var stuck = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var chrony = new RealTimeChrony { AfterCalls = _ => { stuck.Set(); release.Wait(); } };
        using var stop = new CancellationTokenSource();
        int code = -1;
        var host = new Thread(() => code = DaemonHost.Run(options, logger, _ => chrony, SystemDaemonClock.Instance,
            new DaemonSignalRelay(), stop.Token, stopDeadline: TimeSpan.FromMilliseconds(300)));
        host.Start();
        try
        {
            Assert.True(stuck.Wait(TimeSpan.FromSeconds(30)), "the loop never asked chronyd");
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            stop.Cancel();
            Assert.True(host.Join(TimeSpan.FromSeconds(30)), "DaemonHost.Run did not return while the loop was stuck");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"took {stopping.Elapsed}");
        }
        finally
        {
            release.Set();
        }
        Assert.Equal(ExitCodes.StopTimedOut, code);
        Assert.True(chrony.Disposed, "the chronyd connection (its client socket) must still be closed");
        Assert.True(logger.Contains(LogLevel.Critical, "The loop did not stop within 300 ms"));
        Assert.False(logger.Contains(LogLevel.Information, "Stopped;"));
    }

    [Fact]
    public void SignalsBeforeTheLoopExistsAreDeliveredInOrderAndHangupIsOnlyLogged()
    {
        DaemonOptions options = Options();
        VMClockFile.Write(options.VMClockPath, marker: 5);
        var logger = new CapturingLogger();
        var relay = new DaemonSignalRelay();
        // Queued before Run attaches the loop: USR1, HUP, USR2, USR1, USR2 must come out in that order.
        foreach (int signal in (int[])[DaemonSignals.SigUsr1, DaemonSignals.SigHup, DaemonSignals.SigUsr2, DaemonSignals.SigUsr1, DaemonSignals.SigUsr2])
        {
            relay.OnSignal(signal);
        }
        var chrony = new RealTimeChrony();
        using var stop = new CancellationTokenSource();
        chrony.AfterCalls = calls =>
        {
            if (calls == 1)
            {
                Assert.True(relay.WaitUntilDrained(TimeSpan.FromSeconds(30)), "the queued signals were not delivered");
                stop.Cancel();
            }
        };
        int code = DaemonHost.Run(options, logger, _ => chrony, SystemDaemonClock.Instance, relay, stop.Token);

        Assert.Equal(ExitCodes.Success, code);
        string[] signalLines = [.. logger.Lines.Select(l => l.Message).Where(m => m.StartsWith("SIG", StringComparison.Ordinal))];
        Assert.Equal(5, signalLines.Length);
        Assert.StartsWith("SIGUSR1: forced clock disruption", signalLines[0], StringComparison.Ordinal);
        Assert.StartsWith("SIGHUP received: ignored", signalLines[1], StringComparison.Ordinal);
        Assert.StartsWith("SIGUSR2: forced clock disruption ended", signalLines[2], StringComparison.Ordinal);
        Assert.StartsWith("SIGUSR1: forced clock disruption", signalLines[3], StringComparison.Ordinal);
        Assert.StartsWith("SIGUSR2: forced clock disruption ended", signalLines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultDriftRateGivesTheLoudWarning()
    {
        var logger = new CapturingLogger();
        DaemonHost.LogStartup(logger, new DaemonOptions());
        (LogLevel level, _, string message) = Assert.Single(logger.Lines, l => l.Message.Contains("--max-drift-rate", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("default of 1 PPM", message, StringComparison.Ordinal);
        Assert.Contains("50 PPM", message, StringComparison.Ordinal);
        Assert.Contains("maxclockerror", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitDriftRateGivesNoWarning()
    {
        var logger = new CapturingLogger();
        DaemonHost.LogStartup(logger, new DaemonOptions { MaxDriftRatePpm = 1, MaxDriftRateGiven = true });
        Assert.DoesNotContain(logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.True(logger.Contains(LogLevel.Information, "starting"));
    }

    [Fact]
    public void CommandLineToOptionsToDefaultDriftWarning()
    {
        CommandLineOutcome outcome = DaemonCommandLine.Parse([], TextWriter.Null, TextWriter.Null, _ => false);
        var logger = new CapturingLogger();
        DaemonHost.LogStartup(logger, outcome.Options!);
        Assert.True(logger.Contains(LogLevel.Warning, "almost certainly too optimistic"));
    }

    /// <summary>A chronyd that reports a fresh synchronised state against the real clock.</summary>
    private sealed class RealTimeChrony : IChronyControl, IDisposable
    {
        private int _calls;

        public Action<int>? AfterCalls { get; set; }
        public bool Disposed { get; private set; }

        public TrackingReport GetTracking()
        {
            TrackingReport report = Reports.Synchronized(ClockBound.Interop.Clocks.RealtimeNanoseconds(), ageNanoseconds: 1_000_000);
            AfterCalls?.Invoke(++_calls);
            return report;
        }

        public void ResetSources()
        {
        }

        public void Burst(int goodSamples, int totalSamples)
        {
        }

        public void Dispose() => Disposed = true;
    }
}
