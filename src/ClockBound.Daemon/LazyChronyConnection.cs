using ClockBound.Chrony;

namespace ClockBound.Daemon;

/// <summary>
/// The daemon's chronyd: a <see cref="ChronyConnection"/> opened on first use and again after an
/// open fails, so the daemon may start before chronyd (or outlive a chronyd that removed its
/// socket) and publishes what the failed samples imply until chronyd answers. Once open, the
/// connection itself survives chronyd restarts. Disposing removes the client socket file.
/// </summary>
internal sealed class LazyChronyConnection(string serverSocketPath) : IChronyControl
{
    private readonly Lock _gate = new();
    private ChronyConnection? _connection;
    private bool _disposed;

    public TrackingReport GetTracking() => Connection().GetTracking();

    public void ResetSources() => Connection().ResetSources();

    public void Burst(int goodSamples, int totalSamples) => Connection().Burst(goodSamples, totalSamples);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
        }
    }

    /// <exception cref="ChronyException">The socket cannot be opened (the message names the path).</exception>
    private ChronyConnection Connection()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _connection ??= ChronyConnection.Open(serverSocketPath);
        }
    }
}
