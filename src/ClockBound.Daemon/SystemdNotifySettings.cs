using System.Globalization;

namespace ClockBound.Daemon;

/// <summary>What systemd's environment asks of the daemon: where to notify, and how often to ping the watchdog.</summary>
internal sealed record SystemdNotifySettings
{
    /// <summary><c>$NOTIFY_SOCKET</c>.</summary>
    public required string SocketAddress { get; init; }

    /// <summary>Half of <c>$WATCHDOG_USEC</c> (systemd's advice), in nanoseconds; 0 when the watchdog is off.</summary>
    public long WatchdogPingIntervalNanoseconds { get; init; }

    /// <summary>
    /// Reads the settings from environment values; null without a <c>NOTIFY_SOCKET</c>. The watchdog
    /// is on when <c>WATCHDOG_USEC</c> is a positive number and <c>WATCHDOG_PID</c>, if set, is
    /// <paramref name="processId"/> (systemd sets it for the main process only).
    /// </summary>
    public static SystemdNotifySettings? Parse(string? notifySocket, string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (string.IsNullOrEmpty(notifySocket))
        {
            return null;
        }
        long interval = 0;
        bool forUs = string.IsNullOrEmpty(watchdogPid)
            || (int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid == processId);
        if (forUs && ulong.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out ulong usec) && usec > 0)
        {
            // usec × 1000 / 2, saturating (WATCHDOG_USEC may be huge).
            interval = usec > (ulong)(long.MaxValue / 500) ? long.MaxValue / 2 : Math.Max((long)(usec * 500UL), 1);
        }
        return new SystemdNotifySettings { SocketAddress = notifySocket, WatchdogPingIntervalNanoseconds = interval };
    }

    /// <summary>Reads the settings from this process's environment.</summary>
    public static SystemdNotifySettings? FromEnvironment() =>
        Parse(
            Environment.GetEnvironmentVariable("NOTIFY_SOCKET"),
            Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
            Environment.GetEnvironmentVariable("WATCHDOG_PID"),
            Environment.ProcessId);
}
