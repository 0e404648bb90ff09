namespace ClockBound.TestSupport;

/// <summary>
/// A reference clock known exactly as a function of the system clock:
/// <c>T(r) = r + offset + rate × (r − r0)</c>, with <c>r</c> a CLOCK_REALTIME reading in Unix
/// nanoseconds. Tests serve it to chronyd (<see cref="ReferenceNtpServer"/>) and use it as true
/// time, so a system clock that is wrong against it by construction is wrong by a known amount.
/// </summary>
/// <remarks>
/// Defined on CLOCK_REALTIME itself rather than on a clock of its own, so that whatever the host
/// does to its system clock (its own NTP slewing it) moves T with it and the difference stays
/// exactly the one chosen.
/// </remarks>
public sealed record KnownClock
{
    /// <param name="offsetNanoseconds">T − system clock at <paramref name="originRealtimeNanoseconds"/>.</param>
    /// <param name="ratePpm">How much faster T runs than the system clock, in parts per million (between −1000 and 1000, a whole number of parts per billion).</param>
    /// <param name="originRealtimeNanoseconds">r0: the system clock reading from which the rate term grows.</param>
    public KnownClock(long offsetNanoseconds, double ratePpm, long originRealtimeNanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePpm, -1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ratePpm, 1000);
        RatePpb = (long)Math.Round(ratePpm * 1000);
        if (Math.Abs((ratePpm * 1000) - RatePpb) > 1e-6)
        {
            throw new ArgumentOutOfRangeException(nameof(ratePpm), ratePpm, "the rate must be a whole number of parts per billion");
        }

        OffsetNanoseconds = offsetNanoseconds;
        OriginRealtimeNanoseconds = originRealtimeNanoseconds;
    }

    /// <summary>T − system clock at the origin, in ns.</summary>
    public long OffsetNanoseconds { get; }

    /// <summary>How much faster T runs than the system clock, in PPM.</summary>
    public double RatePpm => RatePpb / 1000.0;

    /// <summary>How much faster T runs than the system clock, in parts per billion.</summary>
    public long RatePpb { get; }

    /// <summary>r0, in Unix ns of the system clock.</summary>
    public long OriginRealtimeNanoseconds { get; }

    /// <summary>A clock with <paramref name="offsetNanoseconds"/> and <paramref name="ratePpm"/> starting now.</summary>
    public static KnownClock StartingNow(long offsetNanoseconds, double ratePpm = 0) =>
        new(offsetNanoseconds, ratePpm, RealtimeClock.Nanoseconds());

    /// <summary>T at system clock reading <paramref name="realtimeNanoseconds"/>, rounded down to the ns.</summary>
    public long FloorAt(long realtimeNanoseconds) => realtimeNanoseconds + OffsetNanoseconds + RateTerm(realtimeNanoseconds, roundUp: false);

    /// <summary>T at system clock reading <paramref name="realtimeNanoseconds"/>, rounded up to the ns.</summary>
    public long CeilingAt(long realtimeNanoseconds) => realtimeNanoseconds + OffsetNanoseconds + RateTerm(realtimeNanoseconds, roundUp: true);

    /// <summary>T − system clock at <paramref name="realtimeNanoseconds"/>, in ns (the error the daemon must bound).</summary>
    public double ErrorOfSystemClockAt(long realtimeNanoseconds) =>
        OffsetNanoseconds + ((realtimeNanoseconds - OriginRealtimeNanoseconds) * (RatePpb / 1e9));

    /// <inheritdoc/>
    public override string ToString() => $"T = system clock {OffsetNanoseconds / 1e6:+0.###;-0.###} ms, {RatePpm:+0.###;-0.###} ppm";

    // rate × (r − r0), exactly, rounded as asked: a double product can land on the wrong side of a nanosecond.
    private long RateTerm(long realtimeNanoseconds, bool roundUp)
    {
        Int128 scaled = (Int128)(realtimeNanoseconds - OriginRealtimeNanoseconds) * RatePpb;
        (Int128 quotient, Int128 remainder) = Int128.DivRem(scaled, 1_000_000_000); // truncates toward zero
        if (roundUp && remainder > 0)
        {
            quotient++;
        }
        else if (!roundUp && remainder < 0)
        {
            quotient--;
        }

        return (long)quotient;
    }
}
