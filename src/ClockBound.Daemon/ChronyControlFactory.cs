using ClockBound.Chrony;

namespace ClockBound.Daemon;

/// <summary>The one place that constructs the real chronyd connection.</summary>
internal static class ChronyControlFactory
{
    /// <summary>
    /// Returns a control for chronyd's command socket at <paramref name="serverSocketPath"/>. The
    /// socket is opened on first use and re-opened after a failure to open, so the daemon may start
    /// before chronyd (or outlive a chronyd that removed its socket) and simply publishes what the
    /// failed samples imply until chronyd answers. The caller disposes it at shutdown, which
    /// removes the client socket file.
    /// </summary>
    public static IChronyControl Open(string serverSocketPath)
    {
        ArgumentNullException.ThrowIfNull(serverSocketPath);
        return new LazyChronyConnection(serverSocketPath);
    }
}
