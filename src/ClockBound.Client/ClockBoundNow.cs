namespace ClockBound;

/// <summary>
/// One reading of a bounded clock: true time lay in [<see cref="Earliest"/>, <see cref="Latest"/>]
/// when it was taken, provided <see cref="Status"/> is <see cref="ClockStatus.Synchronized"/> or
/// <see cref="ClockStatus.FreeRunning"/> (see <see cref="IsReliable"/>).
/// </summary>
public readonly struct ClockBoundNow : IEquatable<ClockBoundNow>
{
    private const long NanosecondsPerTick = 100;

    private readonly long _dataAgeNanoseconds;

    /// <summary>Creates a reading whose data is fresh (<see cref="DataAge"/> zero): for fakes and tests; a real one comes from <see cref="IClockBound.Now"/>.</summary>
    /// <param name="earliest">The earliest instant true time can be.</param>
    /// <param name="latest">The latest instant true time can be; not before <paramref name="earliest"/>.</param>
    /// <param name="boundNanoseconds">The bound around CLOCK_REALTIME, in nanoseconds; not negative.</param>
    /// <param name="status">The clock's status.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="latest"/> is before <paramref name="earliest"/>, or the bound is negative.</exception>
    public ClockBoundNow(UnixInstant earliest, UnixInstant latest, long boundNanoseconds, ClockStatus status)
        : this(earliest, latest, boundNanoseconds, status, TimeSpan.Zero)
    {
    }

    /// <summary>Creates a reading (for fakes and tests; a real one comes from <see cref="IClockBound.Now"/>).</summary>
    /// <param name="earliest">The earliest instant true time can be.</param>
    /// <param name="latest">The latest instant true time can be; not before <paramref name="earliest"/>.</param>
    /// <param name="boundNanoseconds">The bound around CLOCK_REALTIME, in nanoseconds; not negative.</param>
    /// <param name="status">The clock's status.</param>
    /// <param name="dataAge">How old the data behind the reading is (see <see cref="DataAge"/>); not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="latest"/> is before <paramref name="earliest"/>, the bound or the age is negative,
    /// or the age exceeds 292 years (64-bit nanoseconds).
    /// </exception>
    public ClockBoundNow(UnixInstant earliest, UnixInstant latest, long boundNanoseconds, ClockStatus status, TimeSpan dataAge)
    {
        if (latest < earliest)
        {
            throw new ArgumentOutOfRangeException(nameof(latest), latest, "latest must not be before earliest");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(boundNanoseconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(dataAge, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataAge, TimeSpan.FromTicks(long.MaxValue / NanosecondsPerTick));
        Earliest = earliest;
        Latest = latest;
        BoundNanoseconds = boundNanoseconds;
        Status = status;
        _dataAgeNanoseconds = dataAge.Ticks * NanosecondsPerTick;
    }

    /// <summary>The earliest instant true time can be (CLOCK_REALTIME − the bound).</summary>
    public UnixInstant Earliest { get; }

    /// <summary>The latest instant true time can be (CLOCK_REALTIME + the bound).</summary>
    public UnixInstant Latest { get; }

    /// <summary>The bound on the error of CLOCK_REALTIME at this reading, in nanoseconds (half the interval's width).</summary>
    public long BoundNanoseconds { get; }

    /// <summary>
    /// The bound as a <see cref="TimeSpan"/>: <see cref="BoundNanoseconds"/> rounded up to a 100-ns
    /// tick, so it is never smaller than the exact bound.
    /// </summary>
    public TimeSpan Bound => TimeSpan.FromTicks(CeilingTicks(BoundNanoseconds));

    /// <summary>
    /// The middle of the interval, (<see cref="Earliest"/> + <see cref="Latest"/>) / 2 rounded down
    /// to a nanosecond: the best single estimate of true time (CLOCK_REALTIME itself, for a reading
    /// of <see cref="ClockBoundClient"/>). It proves nothing alone: compare instants with
    /// <see cref="HasSurelyPassed"/> or <see cref="IsSurelyInFuture"/>.
    /// </summary>
    public UnixInstant Midpoint
    {
        get
        {
            // Latest >= Earliest, so the unsigned difference is exact and half of it cannot overflow.
            long earliest = Earliest.UnixTimeNanoseconds;
            ulong width = (ulong)(Latest.UnixTimeNanoseconds - earliest);
            return UnixInstant.FromUnixTimeNanoseconds(earliest + (long)(width / 2));
        }
    }

    /// <summary>
    /// How old the data behind this reading is: the time since the daemon last measured the bound
    /// (the segment's <c>as_of</c>), over which the bound has been widened by drift. An upper bound:
    /// it includes one tick of CLOCK_MONOTONIC_COARSE (both ends are read from it, and it lags by
    /// up to a tick), rounded up to a 100-ns tick. It grows while the daemon is stopped, and also
    /// while a live daemon holds over (chronyd is not synchronised: the status is FreeRunning).
    /// See <see cref="ClockBoundClientOptions.MaxDataAge"/>.
    /// </summary>
    public TimeSpan DataAge => TimeSpan.FromTicks(CeilingTicks(_dataAgeNanoseconds));

    /// <summary>The clock's status; the interval holds only when <see cref="IsReliable"/>.</summary>
    public ClockStatus Status { get; }

    /// <summary>
    /// True when <see cref="Status"/> is <see cref="ClockStatus.Synchronized"/> or
    /// <see cref="ClockStatus.FreeRunning"/>: only then is the interval guaranteed to contain true time.
    /// </summary>
    public bool IsReliable => Status is ClockStatus.Synchronized or ClockStatus.FreeRunning;

    /// <summary><see cref="Earliest"/> as a <see cref="DateTimeOffset"/> in UTC, floored to a 100-ns tick (so it stays a lower bound).</summary>
    public DateTimeOffset EarliestUtc => Earliest.ToDateTimeOffsetFloor();

    /// <summary><see cref="Latest"/> as a <see cref="DateTimeOffset"/> in UTC, ceiled to a 100-ns tick (so it stays an upper bound).</summary>
    public DateTimeOffset LatestUtc => Latest.ToDateTimeOffsetCeiling();

    /// <summary>
    /// Whether <paramref name="instant"/> lies in the interval [<see cref="Earliest"/>, <see cref="Latest"/>]
    /// (both ends included): whether true time could have been <paramref name="instant"/> at this
    /// reading. The interval itself is only guaranteed when <see cref="IsReliable"/>; this does not check the status.
    /// </summary>
    public bool Contains(UnixInstant instant) => Earliest <= instant && instant <= Latest;

    /// <summary>
    /// Whether <paramref name="instant"/> had surely passed at this reading: the interval is reliable
    /// and lies entirely after it. False whenever the status is not reliable.
    /// </summary>
    public bool HasSurelyPassed(UnixInstant instant) => IsReliable && Earliest > instant;

    /// <summary>
    /// Whether <paramref name="instant"/> was surely still in the future at this reading: the
    /// interval is reliable and lies entirely before it. False whenever the status is not reliable.
    /// </summary>
    public bool IsSurelyInFuture(UnixInstant instant) => IsReliable && Latest < instant;

    /// <inheritdoc />
    public bool Equals(ClockBoundNow other) =>
        Earliest == other.Earliest && Latest == other.Latest && BoundNanoseconds == other.BoundNanoseconds && Status == other.Status
        && _dataAgeNanoseconds == other._dataAgeNanoseconds;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ClockBoundNow other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Earliest, Latest, BoundNanoseconds, Status, _dataAgeNanoseconds);

    /// <summary>Whether two readings are identical.</summary>
    public static bool operator ==(ClockBoundNow left, ClockBoundNow right) => left.Equals(right);

    /// <summary>Whether two readings differ.</summary>
    public static bool operator !=(ClockBoundNow left, ClockBoundNow right) => !left.Equals(right);

    /// <summary>For example <c>[2024-05-06T07:08:09.123400000Z, 2024-05-06T07:08:09.123600000Z] ±100000 ns Synchronized</c>.</summary>
    public override string ToString() => $"[{Earliest}, {Latest}] ±{BoundNanoseconds} ns {Status}";

    /// <summary>The hot path's factory: no checks (<see cref="Client.NowCalculator"/> guarantees them).</summary>
    internal static ClockBoundNow CreateUnchecked(long earliest, long latest, long boundNanoseconds, ClockStatus status, long dataAgeNanoseconds) =>
        new(earliest, latest, boundNanoseconds, status, dataAgeNanoseconds);

    private ClockBoundNow(long earliest, long latest, long boundNanoseconds, ClockStatus status, long dataAgeNanoseconds)
    {
        Earliest = UnixInstant.FromUnixTimeNanoseconds(earliest);
        Latest = UnixInstant.FromUnixTimeNanoseconds(latest);
        BoundNanoseconds = boundNanoseconds;
        Status = status;
        _dataAgeNanoseconds = dataAgeNanoseconds;
    }

    /// <summary>⌈<paramref name="nanoseconds"/> / 100⌉ for a non-negative count: never overflows.</summary>
    private static long CeilingTicks(long nanoseconds) =>
        nanoseconds / NanosecondsPerTick + (nanoseconds % NanosecondsPerTick > 0 ? 1 : 0);
}
