using ClockBound.Client;

namespace ClockBound.Testing;

/// <summary>
/// An <see cref="IClockBound"/> for unit tests of code that uses ClockBound: no daemon, no
/// segment, and time moves only when the test says so. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Now"/> answers [<see cref="Midpoint"/> − <see cref="BoundNanoseconds"/>,
/// <see cref="Midpoint"/> + <see cref="BoundNanoseconds"/>] with <see cref="Status"/>, or throws
/// <see cref="Error"/> when one is set.
/// </para>
/// <para>
/// <see cref="TimeProvider"/> is a time provider driven by the same fake time: its timers fire
/// only in <see cref="Advance(TimeSpan)"/>. Pass it to
/// <see cref="ClockBoundExtensions.CommitWaitAsync(IClockBound, UnixInstant, TimeProvider?, CancellationToken)"/> (or to your own code) and a commit wait
/// completes when the test advances the clock, without real sleeping.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var clock = new FakeClockBound();
/// UnixInstant commit = clock.Now().Latest;
/// ValueTask&lt;ClockBoundNow&gt; wait = clock.CommitWaitAsync(commit, clock.TimeProvider);
/// clock.Advance(TimeSpan.FromMilliseconds(5));   // fires the wait's timer; the wait completes
/// </code>
/// </example>
public sealed class FakeClockBound : IClockBound
{
    /// <summary>Where a clock made with the parameterless constructor starts: 2000-01-01T00:00:00Z.</summary>
    public static readonly UnixInstant DefaultStart = UnixInstant.FromUnixTimeNanoseconds(946_684_800L * 1_000_000_000L);

    /// <summary>The bound a clock made without one has: 1 ms.</summary>
    public const long DefaultBoundNanoseconds = 1_000_000;

    private readonly Lock _gate = new();
    private readonly FakeTimeProvider _timeProvider;
    private UnixInstant _midpoint;
    private long _boundNanoseconds;
    private ClockStatus _status;
    private ClockBoundException? _error;
    private long _elapsedNanoseconds;
    private long _nowCalls;

    /// <summary>A Synchronized clock at <see cref="DefaultStart"/> with a bound of <see cref="DefaultBoundNanoseconds"/>.</summary>
    public FakeClockBound()
        : this(DefaultStart)
    {
    }

    /// <summary>A clock at <paramref name="midpoint"/>.</summary>
    /// <param name="midpoint">The middle of the interval (what CLOCK_REALTIME would read).</param>
    /// <param name="boundNanoseconds">Half the interval's width; not negative.</param>
    /// <param name="status">The status <see cref="Now"/> reports.</param>
    public FakeClockBound(UnixInstant midpoint, long boundNanoseconds = DefaultBoundNanoseconds, ClockStatus status = ClockStatus.Synchronized)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(boundNanoseconds);
        _midpoint = midpoint;
        _boundNanoseconds = boundNanoseconds;
        _status = status;
        _timeProvider = new FakeTimeProvider(this);
    }

    /// <summary>The middle of the interval. Setting it jumps the clock (like a clock step) without firing timers.</summary>
    public UnixInstant Midpoint
    {
        get { lock (_gate) { return _midpoint; } }
        set { lock (_gate) { _midpoint = value; } }
    }

    /// <summary>Half the interval's width, in nanoseconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long BoundNanoseconds
    {
        get { lock (_gate) { return _boundNanoseconds; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_gate) { _boundNanoseconds = value; }
        }
    }

    /// <summary>The status <see cref="Now"/> reports.</summary>
    public ClockStatus Status
    {
        get { lock (_gate) { return _status; } }
        set { lock (_gate) { _status = value; } }
    }

    /// <summary>When not null, <see cref="Now"/> throws this instead of answering (to test error handling).</summary>
    public ClockBoundException? Error
    {
        get { lock (_gate) { return _error; } }
        set { lock (_gate) { _error = value; } }
    }

    /// <summary>How many times <see cref="Now"/> has been called.</summary>
    public long NowCallCount => Interlocked.Read(ref _nowCalls);

    /// <summary>A time provider on this clock's fake time; its timers fire in <see cref="Advance(TimeSpan)"/>.</summary>
    public TimeProvider TimeProvider => _timeProvider;

    /// <inheritdoc />
    public ClockBoundNow Now()
    {
        Interlocked.Increment(ref _nowCalls);
        lock (_gate)
        {
            if (_error is not null)
            {
                throw _error;
            }
            return NowCalculator.Around(_midpoint.UnixTimeNanoseconds, _boundNanoseconds, _status);
        }
    }

    /// <summary>Moves time forward by <paramref name="duration"/>, then fires the timers that have come due.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public void Advance(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        AdvanceNanoseconds(checked(duration.Ticks * 100));
    }

    /// <summary>Moves time forward by <paramref name="nanoseconds"/>, then fires the timers that have come due.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nanoseconds"/> is negative.</exception>
    public void AdvanceNanoseconds(long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        lock (_gate)
        {
            _midpoint = _midpoint.PlusNanoseconds(nanoseconds);
            _elapsedNanoseconds = checked(_elapsedNanoseconds + nanoseconds);
        }
        _timeProvider.FireDueTimers();
    }

    /// <summary>Nanoseconds advanced since construction: the fake monotonic clock behind the timers.</summary>
    internal long ElapsedNanoseconds
    {
        get { lock (_gate) { return _elapsedNanoseconds; } }
    }

    /// <summary>Timers and timestamps on the fake clock's monotonic time.</summary>
    private sealed class FakeTimeProvider : TimeProvider
    {
        private readonly FakeClockBound _clock;
        private readonly Lock _timersGate = new();
        private readonly List<FakeTimer> _timers = [];

        public FakeTimeProvider(FakeClockBound clock) => _clock = clock;

        public override long TimestampFrequency => 1_000_000_000;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override long GetTimestamp() => _clock.ElapsedNanoseconds;

        public override DateTimeOffset GetUtcNow() => _clock.Midpoint.ToDateTimeOffsetFloor();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ArgumentNullException.ThrowIfNull(callback);
            var timer = new FakeTimer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        /// <summary>
        /// Fires every timer due at the current fake time, earliest first; callbacks run outside every
        /// lock, so they may read the clock and create timers (a new timer already due fires too).
        /// </summary>
        public void FireDueTimers()
        {
            long now = _clock.ElapsedNanoseconds;
            List<FakeTimer> due = [];
            while (true)
            {
                due.Clear();
                lock (_timersGate)
                {
                    foreach (FakeTimer timer in _timers)
                    {
                        if (timer.DueAt <= now)
                        {
                            due.Add(timer);
                        }
                    }
                    due.Sort((a, b) => a.DueAt.CompareTo(b.DueAt));
                    foreach (FakeTimer timer in due)
                    {
                        // One-shot timers leave the schedule; periodic ones are due a period from now.
                        if (timer.Period <= TimeSpan.Zero)
                        {
                            _timers.Remove(timer);
                        }
                        else
                        {
                            timer.DueAt = now + timer.Period.Ticks * 100;
                        }
                    }
                }
                if (due.Count == 0)
                {
                    return;
                }
                foreach (FakeTimer timer in due)
                {
                    timer.Callback(timer.State);
                }
            }
        }

        /// <summary>Schedules <paramref name="timer"/>, or unschedules it with an infinite due time.</summary>
        public void Schedule(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
            }
            long now = _clock.ElapsedNanoseconds;
            lock (_timersGate)
            {
                _timers.Remove(timer);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return;
                }
                timer.DueAt = now + dueTime.Ticks * 100;
                timer.Period = period;
                _timers.Add(timer);
            }
        }

        public void Remove(FakeTimer timer)
        {
            lock (_timersGate)
            {
                _timers.Remove(timer);
            }
        }
    }

    /// <summary>A timer of <see cref="FakeTimeProvider"/>; a period of zero or infinite means one-shot.</summary>
    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback => callback;

        public object? State => state;

        /// <summary>Fake monotonic ns at which it fires next (guarded by the owner's lock).</summary>
        public long DueAt { get; set; }

        /// <summary>The period (guarded by the owner's lock); infinite (negative) or zero for one-shot.</summary>
        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
