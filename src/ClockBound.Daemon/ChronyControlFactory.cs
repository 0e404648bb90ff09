using ClockBound.Chrony;

namespace ClockBound.Daemon;

/// <summary>
/// The one place that constructs the real chronyd connection. Kept alone in this file so the
/// integration of <c>ChronyConnection</c> replaces only this.
/// </summary>
internal static class ChronyControlFactory
{
    /// <summary>
    /// Opens chronyd's command socket at <paramref name="serverSocketPath"/>. The result may be
    /// <see cref="IDisposable"/>; the caller disposes it at shutdown (which removes the client socket file).
    /// </summary>
    public static IChronyControl Open(string serverSocketPath)
    {
        ArgumentNullException.ThrowIfNull(serverSocketPath);
        throw new NotSupportedException("wired when ChronyConnection lands");
    }
}
