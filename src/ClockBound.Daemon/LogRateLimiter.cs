namespace ClockBound.Daemon;

/// <summary>
/// Lets a repeating log line through at most once per interval per <see cref="LogReason"/>, and
/// counts the lines it holds back, so that the next line of that reason (or the line saying it
/// has cleared) can say how many were suppressed. Thread-safe; allocation-free.
/// </summary>
/// <remarks>
/// <para>Keyed by reason, not by formatted text: a message that embeds a changing number (a
/// ref_time, a signal count) would otherwise count as new every time.</para>
/// <para>Two intervals: transient causes (chronyd restarting, a slow reply) repeat every minute
/// so that their end is seen soon; persistent causes (<see cref="LogReasons.IsPersistent"/>: the
/// daemon may not reach chronyd's socket) are logged at error level at once and then every 10
/// minutes, since nothing changes until an operator acts and a line a minute would bury the rest.</para>
/// </remarks>
internal sealed class LogRateLimiter
{
    private static readonly int ReasonCount = Enum.GetValues<LogReason>().Length;

    private readonly Lock _gate = new();
    private readonly IDaemonClock _clock;
    private readonly long _intervalNanoseconds;
    private readonly long _persistentIntervalNanoseconds;
    private readonly Entry[] _entries = new Entry[ReasonCount];

    /// <summary>Limits each reason to one line per <paramref name="interval"/> of <paramref name="clock"/>'s monotonic time.</summary>
    public LogRateLimiter(IDaemonClock clock, TimeSpan interval)
        : this(clock, interval, interval)
    {
    }

    /// <summary>
    /// Limits each transient reason to one line per <paramref name="interval"/>, and each persistent
    /// one (<see cref="LogReasons.IsPersistent"/>) to one per <paramref name="persistentInterval"/>.
    /// </summary>
    public LogRateLimiter(IDaemonClock clock, TimeSpan interval, TimeSpan persistentInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(persistentInterval, TimeSpan.Zero);
        _clock = clock;
        _intervalNanoseconds = (long)interval.TotalNanoseconds;
        _persistentIntervalNanoseconds = (long)persistentInterval.TotalNanoseconds;
    }

    /// <summary>How often <paramref name="reason"/> is let through.</summary>
    public TimeSpan IntervalOf(LogReason reason) =>
        TimeSpan.FromTicks(IntervalNanoseconds(reason) / 100);

    /// <summary>
    /// Whether to write this occurrence of <paramref name="reason"/> now: true for the first since
    /// it last cleared and once the interval has passed since the last one written. When true,
    /// <paramref name="suppressed"/> is how many were held back since the last one written.
    /// </summary>
    public bool ShouldLog(LogReason reason, out int suppressed)
    {
        long now = _clock.MonotonicCoarseNanoseconds();
        lock (_gate)
        {
            ref Entry entry = ref _entries[(int)reason];
            if (entry.Active && now - entry.LastLoggedAt < IntervalNanoseconds(reason))
            {
                entry.Suppressed++;
                suppressed = 0;
                return false;
            }
            suppressed = entry.Suppressed;
            entry = new Entry { Active = true, LastLoggedAt = now };
            return true;
        }
    }

    /// <summary>
    /// The condition behind <paramref name="reason"/> is over: its next occurrence is written at
    /// once. Returns whether any line of it was written since it last cleared (so a "recovered"
    /// line is due), and in <paramref name="suppressed"/> how many were held back since the last one written.
    /// </summary>
    public bool Clear(LogReason reason, out int suppressed)
    {
        lock (_gate)
        {
            ref Entry entry = ref _entries[(int)reason];
            bool wasActive = entry.Active;
            suppressed = entry.Suppressed;
            entry = default;
            return wasActive;
        }
    }

    private long IntervalNanoseconds(LogReason reason) =>
        LogReasons.IsPersistent(reason) ? _persistentIntervalNanoseconds : _intervalNanoseconds;

    private struct Entry
    {
        public bool Active;
        public long LastLoggedAt;
        public int Suppressed;
    }
}
