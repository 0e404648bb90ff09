using ClockBound.VMClock;

namespace ClockBound.Daemon;

/// <summary>
/// Start-up decision on clock disruption support (daemon.md, "Disruption sources"):
/// <list type="bullet">
/// <item><c>-d</c>: off.</item>
/// <item>The default VMClock path does not exist (not a VM with VMClock): off, with a warning,
/// and the segment says so. The reference daemon refuses to start here.</item>
/// <item>Otherwise the device must open: an explicit <c>--vmclock-path</c> that fails, or a
/// default device that exists but fails (permissions, not a VMClock page), is fatal, because
/// running on would silently miss disruptions.</item>
/// </list>
/// </summary>
internal static class DisruptionSupportSetup
{
    /// <summary>The outcome: a source (support on), or none with an optional warning, or a fatal error.</summary>
    /// <param name="Source">The marker source when support is on.</param>
    /// <param name="Warning">Why support is off though it was not disabled (log once at start).</param>
    /// <param name="Error">Why the daemon cannot start (exit non-zero).</param>
    internal readonly record struct Result(IDisruptionMarkerSource? Source, string? Warning, string? Error);

    /// <summary>Decides, opening the device through <paramref name="open"/>.</summary>
    public static Result Open(DaemonOptions options, Func<string, IDisruptionMarkerSource> open, Func<string, bool> pathExists)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DisableClockDisruptionSupport)
        {
            return new Result(null, null, null);
        }
        string path = options.VMClockPath;
        if (!options.VMClockPathGiven && !pathExists(path))
        {
            return new Result(null,
                $"No VMClock device at {path} (this is not a VM with VMClock): running WITHOUT clock disruption support, "
                + "and the segment says so. Pass -d/--disable-clock-disruption-support to silence this warning, "
                + "or --vmclock-path to name the device.",
                null);
        }
        try
        {
            return new Result(open(path), null, null);
        }
        catch (VMClockException e)
        {
            string how = options.VMClockPathGiven ? "given with --vmclock-path" : "the default VMClock device, which exists";
            return new Result(null, null,
                $"Cannot use the VMClock device {path} ({how}): {e.Message}. Fix the device or its permissions, "
                + "or pass -d/--disable-clock-disruption-support to run without clock disruption support.");
        }
    }

    /// <summary>Opens a real VMClock page as a marker source.</summary>
    public static IDisruptionMarkerSource OpenVMClock(string path) => VMClockMarkerSource.Open(path);
}
