using Microsoft.Extensions.Time.Testing;

namespace ClockBound.Testing;

/// <summary>
/// An <see cref="IClockBound"/> for unit tests of code that uses ClockBound: no daemon, no
/// segment, and time moves only when the test says so. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Now"/> answers [<see cref="Midpoint"/> − <see cref="BoundNanoseconds"/>,
/// <see cref="Midpoint"/> + <see cref="BoundNanoseconds"/>] with <see cref="Status"/> and
/// <see cref="DataAge"/>, or throws
/// <see cref="Error"/> when one is set.
/// </para>
/// <para>
/// The clock runs on a <see cref="System.TimeProvider"/>: the midpoint moves exactly as far as the
/// provider's <see cref="TimeProvider.GetUtcNow"/> does. Give the constructor the
/// <see cref="FakeTimeProvider"/> your test suite already uses and there is one fake clock: advancing
/// it advances this clock and fires its timers. Without one, the clock makes its own
/// <see cref="FakeTimeProvider"/> (with nanosecond timestamps), exposed as <see cref="TimeProvider"/>.
/// Pass <see cref="TimeProvider"/> as <see cref="CommitWaitOptions.TimeProvider"/> (or to your own
/// code) and a commit wait completes when the test advances time, without real sleeping.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var time = new FakeTimeProvider();
/// var clock = new FakeClockBound(time);
/// UnixInstant commit = clock.Now().Latest;
/// ValueTask&lt;ClockBoundNow&gt; wait = clock.CommitWaitAsync(commit, new CommitWaitOptions { TimeProvider = time });
/// time.Advance(TimeSpan.FromMilliseconds(5));   // fires the wait's timer; the wait completes
/// </code>
/// </example>
public sealed class FakeClockBound : IClockBound
{
    /// <summary>Where a clock made with the parameterless constructor starts: 2000-01-01T00:00:00Z.</summary>
    public static readonly UnixInstant DefaultStart = UnixInstant.FromUnixTimeNanoseconds(946_684_800L * 1_000_000_000L);

    /// <summary>The bound a clock made without one has: 1 ms.</summary>
    public const long DefaultBoundNanoseconds = 1_000_000;

    private const long NanosecondsPerTick = 100;

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly long _startTicks;
    private long _subTickNanoseconds; // advanced, but less than the provider's 100-ns tick (0..99)
    private UnixInstant _midpointAtMark;
    private long _elapsedAtMark;
    private long _boundNanoseconds;
    private ClockStatus _status;
    private TimeSpan _dataAge;
    private ClockBoundException? _error;
    private long _nowCalls;

    /// <summary>A Synchronized clock at <see cref="DefaultStart"/> with a bound of <see cref="DefaultBoundNanoseconds"/>, on its own <see cref="FakeTimeProvider"/>.</summary>
    public FakeClockBound()
        : this(DefaultStart)
    {
    }

    /// <summary>A clock at <paramref name="midpoint"/>, on its own <see cref="FakeTimeProvider"/> (see <see cref="TimeProvider"/>).</summary>
    /// <param name="midpoint">The middle of the interval (what CLOCK_REALTIME would read).</param>
    /// <param name="boundNanoseconds">Half the interval's width; not negative.</param>
    /// <param name="status">The status <see cref="Now"/> reports.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="boundNanoseconds"/> is negative.</exception>
    public FakeClockBound(UnixInstant midpoint, long boundNanoseconds = DefaultBoundNanoseconds, ClockStatus status = ClockStatus.Synchronized)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(boundNanoseconds);
        var timeProvider = new NanosecondFakeTimeProvider(this, midpoint.ToDateTimeOffsetFloor());
        _timeProvider = timeProvider;
        _startTicks = timeProvider.Start.UtcTicks;
        _midpointAtMark = midpoint;
        _boundNanoseconds = boundNanoseconds;
        _status = status;
    }

    /// <summary>
    /// A Synchronized clock with a bound of <see cref="DefaultBoundNanoseconds"/> on
    /// <paramref name="timeProvider"/>, typically the test suite's <see cref="FakeTimeProvider"/>:
    /// its midpoint starts at the provider's current UTC time and moves with it. Set
    /// <see cref="BoundNanoseconds"/> and <see cref="Status"/> in an initializer for others.
    /// </summary>
    /// <param name="timeProvider">The time the clock follows; <see cref="Advance(TimeSpan)"/> needs a <see cref="FakeTimeProvider"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The provider's time is outside <see cref="UnixInstant"/>'s range (1677 to 2262).</exception>
    public FakeClockBound(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        DateTimeOffset start = timeProvider.GetUtcNow();
        _startTicks = start.UtcTicks;
        _midpointAtMark = UnixInstant.FromDateTimeOffset(start);
        _boundNanoseconds = DefaultBoundNanoseconds;
        _status = ClockStatus.Synchronized;
    }

    /// <summary>
    /// The middle of the interval. Setting it jumps the clock (like a clock step) without firing
    /// timers or changing the time provider; from then on it moves with the provider again.
    /// </summary>
    public UnixInstant Midpoint
    {
        get { lock (_gate) { return MidpointLocked(); } }
        set
        {
            lock (_gate)
            {
                _elapsedAtMark = ElapsedNanosecondsLocked();
                _midpointAtMark = value;
            }
        }
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

    /// <summary>
    /// The <see cref="ClockBoundNow.DataAge"/> <see cref="Now"/> reports: how old the daemon's data
    /// would be. Zero unless set; it does not grow with time by itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value, or beyond 292 years.</exception>
    public TimeSpan DataAge
    {
        get { lock (_gate) { return _dataAge; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromTicks(long.MaxValue / NanosecondsPerTick));
            lock (_gate) { _dataAge = value; }
        }
    }

    /// <summary>When not null, <see cref="Now"/> throws this instead of answering (to test error handling).</summary>
    public ClockBoundException? Error
    {
        get { lock (_gate) { return _error; } }
        set { lock (_gate) { _error = value; } }
    }

    /// <summary>How many times <see cref="Now"/> has been called.</summary>
    public long NowCallCount => Interlocked.Read(ref _nowCalls);

    /// <summary>
    /// The time provider this clock runs on: the one given to the constructor, or the clock's own
    /// <see cref="FakeTimeProvider"/> (whose timestamps count nanoseconds, so they include
    /// <see cref="AdvanceNanoseconds"/>'s sub-tick steps).
    /// </summary>
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
            return Around(MidpointLocked().UnixTimeNanoseconds, _boundNanoseconds, _status, _dataAge);
        }
    }

    /// <summary>Moves time forward by <paramref name="duration"/>: advances the <see cref="FakeTimeProvider"/>, which fires the timers that have come due.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The clock runs on a time provider that is not a <see cref="FakeTimeProvider"/>.</exception>
    public void Advance(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        AdvanceNanoseconds(checked(duration.Ticks * NanosecondsPerTick));
    }

    /// <summary>
    /// Moves time forward by <paramref name="nanoseconds"/>. The provider moves in whole 100-ns
    /// ticks; the remainder moves the midpoint at once and the provider once it adds up to a tick.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nanoseconds"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The clock runs on a time provider that is not a <see cref="FakeTimeProvider"/>.</exception>
    public void AdvanceNanoseconds(long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        if (_timeProvider is not FakeTimeProvider fake)
        {
            throw new InvalidOperationException(
                $"FakeClockBound.Advance moves a FakeTimeProvider, but this clock runs on {_timeProvider.GetType().Name}: advance that time provider instead, or construct the clock on a FakeTimeProvider.");
        }
        // Held while the provider fires its timers, so that no reader sees the sub-tick part
        // already carried but the provider not yet advanced (time going back). The lock is
        // re-entrant: callbacks on this thread may read the clock.
        lock (_gate)
        {
            long total = checked(_subTickNanoseconds + nanoseconds);
            long ticks = Math.DivRem(total, NanosecondsPerTick, out long rest);
            Volatile.Write(ref _subTickNanoseconds, rest);
            fake.Advance(TimeSpan.FromTicks(ticks));
        }
    }

    private long SubTickNanoseconds => Volatile.Read(ref _subTickNanoseconds);

    /// <summary>Nanoseconds the time has moved since construction: the provider's ticks plus the sub-tick part.</summary>
    private long ElapsedNanosecondsLocked() =>
        checked((_timeProvider.GetUtcNow().UtcTicks - _startTicks) * NanosecondsPerTick) + SubTickNanoseconds;

    private UnixInstant MidpointLocked() => _midpointAtMark.PlusNanoseconds(ElapsedNanosecondsLocked() - _elapsedAtMark);

    /// <summary>[<paramref name="real"/> − <paramref name="bound"/>, <paramref name="real"/> + <paramref name="bound"/>], saturated at the ends of the range.</summary>
    private static ClockBoundNow Around(long real, long bound, ClockStatus status, TimeSpan dataAge)
    {
        long earliest = real - bound;
        if (earliest > real)
        {
            earliest = long.MinValue;
        }
        long latest = real + bound;
        if (latest < real)
        {
            latest = long.MaxValue;
        }
        return new ClockBoundNow(UnixInstant.FromUnixTimeNanoseconds(earliest), UnixInstant.FromUnixTimeNanoseconds(latest), bound, status, dataAge);
    }

    /// <summary>
    /// The clock's own provider: a <see cref="FakeTimeProvider"/> whose timestamps count
    /// nanoseconds (the old fake's resolution), so sub-tick advances show in elapsed timestamps.
    /// </summary>
    private sealed class NanosecondFakeTimeProvider(FakeClockBound clock, DateTimeOffset start) : FakeTimeProvider(start)
    {
        public override long TimestampFrequency => 1_000_000_000;

        // Takes no lock of the clock's: the base class may call it under its own.
        public override long GetTimestamp() =>
            checked((GetUtcNow().UtcTicks - Start.UtcTicks) * NanosecondsPerTick) + clock.SubTickNanoseconds;
    }
}
