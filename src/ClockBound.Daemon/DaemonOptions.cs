using ClockBound.Shm;
using ClockBound.VMClock;

namespace ClockBound.Daemon;

/// <summary>The daemon's settings, as parsed and validated from its command line.</summary>
internal sealed record DaemonOptions
{
    /// <summary>Default for <c>--sysfs-root</c>.</summary>
    public const string DefaultSysfsRoot = "/sys";

    /// <summary><c>-m</c>: the oscillator's drift bound, PPM (1..999 999).</summary>
    public uint MaxDriftRatePpm { get; init; } = DaemonCommandLine.DefaultMaxDriftRatePpm;

    /// <summary>Whether <c>-m</c> was given (the default triggers a loud warning).</summary>
    public bool MaxDriftRateGiven { get; init; }

    /// <summary>The drift as published: PPM × 1000, below 1e9 by construction.</summary>
    public uint MaxDriftPpb => MaxDriftRatePpm * 1000;

    /// <summary><c>-j</c>: JSON log lines.</summary>
    public bool JsonOutput { get; init; }

    /// <summary><c>-d</c>: no VMClock, no SIGUSR1/SIGUSR2, state machine without Disrupted.</summary>
    public bool DisableClockDisruptionSupport { get; init; }

    /// <summary><c>-r</c> as given (e.g. PHC0), or null.</summary>
    public string? PhcRefIdText { get; init; }

    /// <summary><c>-r</c> packed big-endian, or null.</summary>
    public uint? PhcRefId { get; init; }

    /// <summary><c>-i</c>: the interface carrying the PHC, or null.</summary>
    public string? PhcInterface { get; init; }

    /// <summary><c>--shm-path</c>: the version 2 segment.</summary>
    public string ShmPath { get; init; } = SegmentLayout.DefaultPathV2;

    /// <summary><c>--shm-v1-path</c>: the version 1 segment, or null when disabled with <c>none</c>.</summary>
    public string? ShmV1Path { get; init; } = SegmentLayout.DefaultPathV1;

    /// <summary><c>--chrony-socket</c>, after the default's fallback was resolved.</summary>
    public string ChronySocketPath { get; init; } = DaemonCommandLine.DefaultChronySocketPath;

    /// <summary><c>--vmclock-path</c>.</summary>
    public string VMClockPath { get; init; } = VMClockLayout.DefaultPath;

    /// <summary>Whether <c>--vmclock-path</c> was given: then failing to open it is fatal.</summary>
    public bool VMClockPathGiven { get; init; }

    /// <summary><c>--sysfs-root</c>.</summary>
    public string SysfsRoot { get; init; } = DefaultSysfsRoot;

    /// <summary><c>--poll-interval-ms</c>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(DaemonCommandLine.DefaultPollIntervalMilliseconds);

    /// <summary><c>--metrics-listen</c>: where Prometheus metrics are served, or null (off).</summary>
    public MetricsListenAddress? MetricsListen { get; init; }
}
