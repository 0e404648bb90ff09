using System.Diagnostics;
using System.Globalization;
using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.Soundness.Tests;

/// <summary>
/// One scenario's real parts: a <see cref="ReferenceNtpServer"/> serving the known truth, a
/// chronyd client (<c>-x</c>, <c>maxclockerror 50</c>) polling it every 0.25–1 s, the real
/// <c>clockbound -m 50 -d</c> on that chronyd with its segments in a temp directory, and a
/// <see cref="TruthSampler"/> reading both segments from the moment the daemon creates them.
/// Dispose stops everything.
/// </summary>
public sealed class SoundnessRig : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _segments;
    private readonly List<string> _notes = [];

    private SoundnessRig(ITestOutputHelper output, ReferenceNtpServer server, ChronydHarness chronyd, TempDirectory segments, int maxDriftPpm)
    {
        _output = output;
        MaxDriftPpm = maxDriftPpm;
        Server = server;
        Chronyd = chronyd;
        _segments = segments;
    }

    /// <summary>The daemon's <c>--max-drift-rate</c>, PPM.</summary>
    public int MaxDriftPpm { get; }

    /// <summary>The reference server; its clock is true time.</summary>
    public ReferenceNtpServer Server { get; }

    /// <summary>True time.</summary>
    public KnownClock Truth => Server.Clock;

    /// <summary>The chronyd whose state the daemon publishes (the harness has no chronyd server of its own).</summary>
    public ChronydHarness Chronyd { get; }

    /// <summary>The daemon.</summary>
    public DaemonProcess Daemon { get; private set; } = null!;

    /// <summary>The sampler of both segments.</summary>
    public TruthSampler Sampler { get; private set; } = null!;

    /// <summary>The tally of the version 2 segment.</summary>
    public ReadingTally V2 => Sampler.Tallies[0];

    /// <summary>The tally of the version 1 segment.</summary>
    public ReadingTally V1 => Sampler.Tallies[1];

    /// <summary>Time since the rig started: the time axis of the output.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>
    /// Starts the server with <paramref name="truth"/>, chronyd, the daemon (<c>-m</c>
    /// <paramref name="maxDriftPpm"/>, as chronyd's <c>maxclockerror 50</c> by default) and the sampler.
    /// </summary>
    public static SoundnessRig Start(KnownClock truth, ITestOutputHelper output, int maxDriftPpm = 50)
    {
        ArgumentNullException.ThrowIfNull(output);
        ReferenceNtpServer server = ReferenceNtpServer.Start(truth);
        ChronydHarness? chronyd = null;
        TempDirectory? segments = null;
        try
        {
            chronyd = ChronydHarness.Start(new ChronydHarnessOptions { WithNtpServer = false, ClientConfig = [server.ChronyServerLine] });
            segments = TempDirectory.Create("clockbound-soundness-");
        }
        catch
        {
            chronyd?.Dispose();
            server.Dispose();
            throw;
        }

        var rig = new SoundnessRig(output, server, chronyd, segments, maxDriftPpm);
        try
        {
            rig.StartDaemonAndSampler();
        }
        catch
        {
            rig.Dispose();
            throw;
        }

        rig.Note($"started: {truth}; {server}; chronyd {chronyd.Client.Directory}");
        return rig;
    }

    /// <summary>
    /// Waits until the version 2 segment reads <paramref name="status"/> (as the sampler last saw it).
    /// </summary>
    /// <exception cref="TimeoutException">Not within <see cref="ScenarioTiming.Patience"/>; the message has the daemon's output and chronyd's log.</exception>
    public void WaitForStatus(ClockStatus status, string why)
    {
        try
        {
            Eventually.Satisfies(
                () =>
                {
                    ThrowIfBroken();
                    return V2.LastStatus;
                },
                s => s == status,
                ScenarioTiming.Patience,
                $"{status} ({why})");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Diagnostics()}", e);
        }

        Note($"{status} ({why})");
    }

    /// <summary>
    /// Lets the sampler run for <paramref name="duration"/> (a measured phase, not a wait for a
    /// condition), and then on until both segments have given <paramref name="minimumReadings"/>
    /// readings of <paramref name="status"/> in this phase, so that a starved sampler on a loaded
    /// machine cannot make the phase hollow.
    /// </summary>
    /// <exception cref="TimeoutException">Not that many readings within <see cref="ScenarioTiming.Patience"/> after the duration.</exception>
    public void Measure(TimeSpan duration, string what, ClockStatus status, int minimumReadings)
    {
        Note($"measuring {what} for {duration.TotalSeconds:F0} s");
        int[] start = [.. Sampler.Tallies.Select(t => t.ReadingsWith(status))];
        var phase = Stopwatch.StartNew();
        while (phase.Elapsed < duration)
        {
            ThrowIfBroken();
            Thread.Sleep(100);
        }

        Eventually.Satisfies(
            () =>
            {
                ThrowIfBroken();
                return Sampler.Tallies.Select((t, i) => t.ReadingsWith(status) - start[i]).Min();
            },
            n => n >= minimumReadings,
            ScenarioTiming.Patience,
            $"{minimumReadings} {status} readings of each segment while {what}");
    }

    /// <summary>Writes a timestamped line to the test output (and keeps it for the final report).</summary>
    public void Note(string text)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"[{Clock.Elapsed.TotalSeconds,6:F1} s] {text}");
        lock (_notes)
        {
            _notes.Add(line);
        }

        _output.WriteLine(line);
    }

    /// <summary>chronyd's tracking report now, in a line (or why it could not be had).</summary>
    public string DescribeTracking() => TryGetTracking(out ChronycTracking? tracking, out string line) ? Describe(tracking!) : line;

    /// <summary>
    /// Stops sampling, prints the figures of both segments under <paramref name="scenario"/>,
    /// and asserts: no miss on either segment, and at least the readings asked for.
    /// </summary>
    public void Conclude(string scenario, int minimumSynchronized, int minimumFreeRunning = 0)
    {
        bool tracked = TryGetTracking(out ChronycTracking? tracking, out string trackingLine);
        long trackedAt = RealtimeClock.Nanoseconds();
        Report(scenario, trackingLine);

        // The scenario is what it claims only if chronyd, synchronised, reports the system clock
        // as wrong by T − system clock (its "System time" is the correction it would apply).
        Assert.True(tracked, trackingLine);
        double expected = Truth.ErrorOfSystemClockAt(trackedAt) / 1e9;
        Assert.True(
            tracking!.LeapStatusCode == 0 && Math.Abs(tracking.SystemTime - expected) < 0.001,
            $"{scenario}: chronyd should be synchronised with a system time of about {expected * 1e3:F3} ms; {trackingLine}");

        foreach (ReadingTally tally in Sampler.Tallies)
        {
            Assert.True(tally.Misses == 0, $"{scenario}: {tally.Name} had {tally.Misses} readings that missed true time:\n{tally.DescribeMisses()}\n{Diagnostics()}");
            Assert.True(
                tally.ReadingsWith(ClockStatus.Synchronized) >= minimumSynchronized,
                $"{scenario}: {tally.Name} had {tally.ReadingsWith(ClockStatus.Synchronized)} Synchronized readings, expected at least {minimumSynchronized}");
            Assert.True(
                tally.ReadingsWith(ClockStatus.FreeRunning) >= minimumFreeRunning,
                $"{scenario}: {tally.Name} had {tally.ReadingsWith(ClockStatus.FreeRunning)} FreeRunning readings, expected at least {minimumFreeRunning}");
        }
    }

    /// <summary>Stops sampling and prints the figures of both segments under <paramref name="scenario"/>.</summary>
    public void Report(string scenario, string? trackingLine = null)
    {
        trackingLine ??= DescribeTracking();
        Sampler.Dispose();
        ThrowIfBroken();
        _output.WriteLine($"=== {scenario}: {Truth}; clockbound -m {MaxDriftPpm}");
        _output.WriteLine(trackingLine);
        _output.WriteLine(Server.ToString());
        foreach (ReadingTally tally in Sampler.Tallies)
        {
            _output.WriteLine(tally.Summary());
        }
    }

    /// <summary>Stops the sampler, the daemon, chronyd and the server; deletes the segments.</summary>
    public void Dispose()
    {
        Sampler?.Dispose();
        Daemon?.Dispose();
        Chronyd.Dispose();
        Server.Dispose();
        _segments.Dispose();
    }

    private bool TryGetTracking(out ChronycTracking? tracking, out string line)
    {
        try
        {
            tracking = Chronyd.Client.GetChronycTracking();
            line = Describe(tracking);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or TimeoutException)
        {
            tracking = null;
            line = $"chronyd tracking: unavailable ({e.Message.Split('\n')[0]})";
            return false;
        }
    }

    private string Describe(ChronycTracking t) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"chronyd tracking: system time {t.SystemTime * 1e3:F6} ms, frequency {t.FrequencyPpm:F3} ppm, skew {t.SkewPpm:F3} ppm, "
            + $"root delay {t.RootDelay * 1e6:F1} µs, root dispersion {t.RootDispersion * 1e6:F1} µs, update interval {t.UpdateInterval:F1} s, "
            + $"leap {t.LeapStatus}; T - system clock now {Truth.ErrorOfSystemClockAt(RealtimeClock.Nanoseconds()) / 1e6:F6} ms");

    private void StartDaemonAndSampler()
    {
        string v2 = _segments.Combine("shm0");
        string v1 = _segments.Combine("shm");
        // env --default-signal=INT: a test run started in the background inherits SIGINT ignored,
        // which the .NET runtime would keep (see the integration tests' DaemonUnderTest).
        Daemon = DaemonProcess.Start(
            "/usr/bin/env",
            ["--default-signal=INT", ClockBoundBinaries.Daemon, "-m", MaxDriftPpm.ToString(CultureInfo.InvariantCulture), "-d", "--chrony-socket", Chronyd.ClientSocketPath, "--shm-path", v2, "--shm-v1-path", v1]);
        ClockBoundClient v2Client = OpenWhenCreated(v2);
        ClockBoundClient v1Client;
        try
        {
            v1Client = OpenWhenCreated(v1);
        }
        catch
        {
            v2Client.Dispose();
            throw;
        }

        Sampler = TruthSampler.Start(Truth, Clock, ("v2 shm0", v2Client), ("v1 shm", v1Client));
    }

    private static ClockBoundClient OpenWhenCreated(string path) =>
        Eventually.Satisfies(() => ClockBoundClient.Open(path), _ => true, ScenarioTiming.Patience, $"the daemon creates {path}");

    private void ThrowIfBroken()
    {
        if (Sampler.Failure is { } sampling)
        {
            throw new InvalidOperationException("the sampler failed", sampling);
        }

        if (Server.Failure is { } serving)
        {
            throw new InvalidOperationException("the NTP server failed", serving);
        }

        if (Daemon.HasExited)
        {
            throw new InvalidOperationException($"the daemon exited ({Daemon.ExitCode}):\n{Daemon.Output}");
        }
    }

    private string Diagnostics() =>
        $"{DescribeTracking()}\n{Server}\ndaemon ({Daemon.CommandLine}) output:\n{Daemon.Output}\nchronyd log:\n{Chronyd.Client.ReadLog()}";
}
