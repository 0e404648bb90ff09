using System.Globalization;

namespace ClockBound;

/// <summary>
/// An instant on the UTC time line, counted in nanoseconds since the Unix epoch
/// (1970-01-01T00:00:00Z), the precision of CLOCK_REALTIME. Covers 1677-09-21 to 2262-04-11.
/// </summary>
/// <remarks>
/// .NET's <see cref="DateTimeOffset"/> counts 100-ns ticks, so converting to it loses up to 99 ns.
/// The conversions say which way they round: a lower bound (an interval's earliest end) must be
/// floored and an upper bound (its latest end) ceiled, or the interval could miss true time.
/// </remarks>
public readonly record struct UnixInstant : IComparable<UnixInstant>
{
    private const long NanosecondsPerTick = 100;
    private const long NanosecondsPerMillisecond = 1_000_000;

    private static readonly long s_epochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    private readonly long _nanoseconds;

    private UnixInstant(long nanoseconds) => _nanoseconds = nanoseconds;

    /// <summary>The Unix epoch, 1970-01-01T00:00:00Z.</summary>
    public static UnixInstant UnixEpoch => default;

    /// <summary>The earliest representable instant (1677-09-21T00:12:43.145224192Z).</summary>
    public static UnixInstant MinValue => new(long.MinValue);

    /// <summary>The latest representable instant (2262-04-11T23:47:16.854775807Z).</summary>
    public static UnixInstant MaxValue => new(long.MaxValue);

    /// <summary>Nanoseconds since the Unix epoch (negative before it).</summary>
    public long UnixTimeNanoseconds => _nanoseconds;

    /// <summary>The instant <paramref name="nanoseconds"/> after the Unix epoch (before it if negative).</summary>
    public static UnixInstant FromUnixTimeNanoseconds(long nanoseconds) => new(nanoseconds);

    /// <summary>The instant <paramref name="milliseconds"/> after the Unix epoch (before it if negative), exactly.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It lies outside <see cref="MinValue"/>..<see cref="MaxValue"/> (1677 to 2262).</exception>
    public static UnixInstant FromUnixTimeMilliseconds(long milliseconds)
    {
        if (milliseconds < long.MinValue / NanosecondsPerMillisecond || milliseconds > long.MaxValue / NanosecondsPerMillisecond)
        {
            throw new ArgumentOutOfRangeException(nameof(milliseconds), milliseconds,
                "only instants between 1677-09-21 and 2262-04-11 fit in 64-bit nanoseconds since the Unix epoch");
        }
        return new UnixInstant(milliseconds * NanosecondsPerMillisecond);
    }

    /// <summary>
    /// Whole milliseconds since the Unix epoch, rounded down (towards the past). Use it for a lower
    /// bound, such as <see cref="ClockBoundNow.Earliest"/>: the result is never later than the exact instant.
    /// </summary>
    public long ToUnixTimeMillisecondsFloor() =>
        Math.DivRem(_nanoseconds, NanosecondsPerMillisecond, out long rest) - (rest < 0 ? 1 : 0);

    /// <summary>
    /// Whole milliseconds since the Unix epoch, rounded up (towards the future). Use it for an upper
    /// bound, such as <see cref="ClockBoundNow.Latest"/>: the result is never earlier than the exact instant.
    /// </summary>
    public long ToUnixTimeMillisecondsCeiling() =>
        Math.DivRem(_nanoseconds, NanosecondsPerMillisecond, out long rest) + (rest > 0 ? 1 : 0);

    /// <summary>The instant <paramref name="value"/> stands for, exactly (its offset is ignored: it is the same instant).</summary>
    /// <exception cref="ArgumentOutOfRangeException">It lies outside <see cref="MinValue"/>..<see cref="MaxValue"/>.</exception>
    public static UnixInstant FromDateTimeOffset(DateTimeOffset value)
    {
        long ticks = value.UtcTicks - s_epochTicks;
        if (ticks < long.MinValue / NanosecondsPerTick || ticks > long.MaxValue / NanosecondsPerTick)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value,
                "only instants between 1677-09-21 and 2262-04-11 fit in 64-bit nanoseconds since the Unix epoch");
        }
        return new UnixInstant(ticks * NanosecondsPerTick);
    }

    /// <summary>
    /// The latest 100-ns tick at or before this instant, in UTC. Use it for a lower bound, such as
    /// <see cref="ClockBoundNow.Earliest"/>: the result is never later than the exact instant.
    /// </summary>
    public DateTimeOffset ToDateTimeOffsetFloor() =>
        new(s_epochTicks + Math.DivRem(_nanoseconds, NanosecondsPerTick, out long rest) - (rest < 0 ? 1 : 0), TimeSpan.Zero);

    /// <summary>
    /// The earliest 100-ns tick at or after this instant, in UTC. Use it for an upper bound, such as
    /// <see cref="ClockBoundNow.Latest"/>: the result is never earlier than the exact instant.
    /// </summary>
    public DateTimeOffset ToDateTimeOffsetCeiling() =>
        new(s_epochTicks + Math.DivRem(_nanoseconds, NanosecondsPerTick, out long rest) + (rest > 0 ? 1 : 0), TimeSpan.Zero);

    /// <summary>This instant moved by <paramref name="nanoseconds"/> (earlier if negative).</summary>
    /// <exception cref="OverflowException">The result is outside <see cref="MinValue"/>..<see cref="MaxValue"/>.</exception>
    public UnixInstant PlusNanoseconds(long nanoseconds) => new(checked(_nanoseconds + nanoseconds));

    /// <summary>The nanoseconds from <paramref name="earlier"/> to this instant (negative if it is later).</summary>
    /// <exception cref="OverflowException">The difference does not fit in 64 bits (more than 292 years).</exception>
    public long NanosecondsSince(UnixInstant earlier) => checked(_nanoseconds - earlier._nanoseconds);

    /// <summary>The instant <paramref name="duration"/> after <paramref name="instant"/> (exact: a tick is 100 ns).</summary>
    /// <exception cref="OverflowException">The result is outside <see cref="MinValue"/>..<see cref="MaxValue"/>.</exception>
    public static UnixInstant operator +(UnixInstant instant, TimeSpan duration) =>
        instant.PlusNanoseconds(checked(duration.Ticks * NanosecondsPerTick));

    /// <summary>The instant <paramref name="duration"/> before <paramref name="instant"/> (exact: a tick is 100 ns).</summary>
    /// <exception cref="OverflowException">The result is outside <see cref="MinValue"/>..<see cref="MaxValue"/>.</exception>
    public static UnixInstant operator -(UnixInstant instant, TimeSpan duration) =>
        new(checked(instant._nanoseconds - checked(duration.Ticks * NanosecondsPerTick)));

    /// <summary>
    /// The time from <paramref name="right"/> to <paramref name="left"/> (negative if
    /// <paramref name="left"/> is earlier), rounded down to a 100-ns tick, towards the past: so
    /// <c>right + (left − right)</c> never lies after <paramref name="left"/>. Every difference fits
    /// (up to 584 years). <see cref="NanosecondsSince"/> gives it exactly, up to 292 years.
    /// </summary>
    public static TimeSpan operator -(UnixInstant left, UnixInstant right)
    {
        // 128 bits: the difference of two longs may not fit in one; a tick count always does.
        Int128 nanoseconds = (Int128)left._nanoseconds - right._nanoseconds;
        Int128 ticks = nanoseconds / NanosecondsPerTick;
        if (ticks * NanosecondsPerTick > nanoseconds)
        {
            ticks--; // division truncates towards zero; floor a negative difference
        }
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Whether <paramref name="left"/> is earlier than <paramref name="right"/>.</summary>
    public static bool operator <(UnixInstant left, UnixInstant right) => left._nanoseconds < right._nanoseconds;

    /// <summary>Whether <paramref name="left"/> is later than <paramref name="right"/>.</summary>
    public static bool operator >(UnixInstant left, UnixInstant right) => left._nanoseconds > right._nanoseconds;

    /// <summary>Whether <paramref name="left"/> is earlier than or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(UnixInstant left, UnixInstant right) => left._nanoseconds <= right._nanoseconds;

    /// <summary>Whether <paramref name="left"/> is later than or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(UnixInstant left, UnixInstant right) => left._nanoseconds >= right._nanoseconds;

    /// <inheritdoc />
    public int CompareTo(UnixInstant other) => _nanoseconds.CompareTo(other._nanoseconds);

    /// <summary>ISO 8601 in UTC with nine fractional digits, e.g. <c>2024-05-06T07:08:09.123456789Z</c>.</summary>
    public override string ToString()
    {
        DateTimeOffset floor = ToDateTimeOffsetFloor();
        long nanosecondOfSecond = _nanoseconds % 1_000_000_000L;
        if (nanosecondOfSecond < 0)
        {
            nanosecondOfSecond += 1_000_000_000L;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{floor:yyyy'-'MM'-'dd'T'HH':'mm':'ss}.{nanosecondOfSecond:D9}Z");
    }
}
