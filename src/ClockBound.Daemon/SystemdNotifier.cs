using ClockBound.Shm;

namespace ClockBound.Daemon;

/// <summary>
/// The daemon's side of systemd's notify protocol (<c>sd_notify</c>), driven by the loop's
/// publications: <c>READY=1</c> (with the first <c>STATUS=</c>) after the first one,
/// <c>STATUS=</c> when the status or the shown bound changes, <c>WATCHDOG=1</c> from publications
/// only, so a stalled loop stops the pings and systemd restarts it, and <c>STOPPING=1</c>.
/// </summary>
/// <remarks>
/// Every datagram is built in buffers allocated here once: a publication allocates nothing.
/// Not thread-safe for <see cref="OnPublished"/> (the loop calls it under its lock);
/// <see cref="OnStopping"/> may come from another thread (it only sends).
/// </remarks>
internal sealed class SystemdNotifier : IDisposable
{
    /// <summary>A changed bound (same status) is shown at most this often; a changed status at once.</summary>
    public static readonly long StatusRepeatIntervalNanoseconds = 10 * DaemonTiming.NanosecondsPerSecond;

    private static readonly byte[] Ready = "READY=1\n"u8.ToArray();
    private static readonly byte[] Watchdog = "WATCHDOG=1"u8.ToArray();
    private static readonly byte[] Stopping = "STOPPING=1"u8.ToArray();

    private readonly INotifyTransport _transport;
    private readonly IDaemonClock _clock;
    private readonly long _watchdogIntervalNanoseconds;
    private readonly byte[] _datagram = new byte[Ready.Length + NotifyStatusText.MaxLength];
    private readonly byte[] _sentStatus = new byte[NotifyStatusText.MaxLength];
    private int _sentStatusLength;
    private ClockStatus _sentStatusValue;
    private long _statusSentAt;
    private long _pingedAt;
    private bool _ready;

    /// <summary>Notifies through <paramref name="transport"/>; <paramref name="watchdogIntervalNanoseconds"/> 0 means no watchdog.</summary>
    public SystemdNotifier(INotifyTransport transport, IDaemonClock clock, long watchdogIntervalNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfNegative(watchdogIntervalNanoseconds);
        _transport = transport;
        _clock = clock;
        _watchdogIntervalNanoseconds = watchdogIntervalNanoseconds;
    }

    /// <summary>Whether <c>READY=1</c> has been sent.</summary>
    public bool IsReady => _ready;

    /// <summary>Whether the watchdog is pinged.</summary>
    public bool WatchdogEnabled => _watchdogIntervalNanoseconds > 0;

    /// <summary>The loop published <paramref name="value"/>: progress.</summary>
    public void OnPublished(in ClockErrorBound value)
    {
        long now = _clock.MonotonicCoarseNanoseconds();
        Span<byte> status = _datagram.AsSpan(Ready.Length);
        int statusLength = NotifyStatusText.Write(status, value.Status, value.BoundNanoseconds);
        if (!_ready)
        {
            // One datagram: systemctl shows a status from the moment the unit is started.
            Ready.CopyTo(_datagram, 0);
            _transport.Send(_datagram.AsSpan(0, Ready.Length + statusLength));
            _ready = true;
            _pingedAt = now;
            Remember(status[..statusLength], value.Status, now);
            return;
        }

        if (_watchdogIntervalNanoseconds > 0 && now - _pingedAt >= _watchdogIntervalNanoseconds)
        {
            _transport.Send(Watchdog);
            _pingedAt = now;
        }

        bool changed = value.Status != _sentStatusValue
            || (now - _statusSentAt >= StatusRepeatIntervalNanoseconds && !status[..statusLength].SequenceEqual(_sentStatus.AsSpan(0, _sentStatusLength)));
        if (changed)
        {
            _transport.Send(status[..statusLength]);
            Remember(status[..statusLength], value.Status, now);
        }
    }

    /// <summary>The daemon is stopping (SIGTERM/SIGINT): systemd waits for the exit without counting it a failure.</summary>
    public void OnStopping() => _transport.Send(Stopping);

    /// <inheritdoc/>
    public void Dispose() => _transport.Dispose();

    private void Remember(ReadOnlySpan<byte> status, ClockStatus value, long now)
    {
        status.CopyTo(_sentStatus);
        _sentStatusLength = status.Length;
        _sentStatusValue = value;
        _statusSentAt = now;
    }
}
