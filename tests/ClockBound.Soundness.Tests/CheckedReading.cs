using ClockBound.TestSupport;

namespace ClockBound.Soundness.Tests;

/// <summary>
/// One client reading checked against true time. The system clock was read just before
/// (<c>r0</c>) and just after (<c>r1</c>) the reading, so true time at the reading lies in the
/// truth bracket <c>[T(r0), T(r1)]</c>; the reading contains true time when its interval
/// contains that whole bracket.
/// </summary>
/// <param name="Status">The status the reading reported.</param>
/// <param name="Earliest">The reading's earliest, Unix ns.</param>
/// <param name="Latest">The reading's latest, Unix ns.</param>
/// <param name="Bound">The reading's bound, ns.</param>
/// <param name="TruthFloor">T(r0), rounded down.</param>
/// <param name="TruthCeiling">T(r1), rounded up.</param>
/// <param name="SystemClockError">T − system clock at r0, ns: what the bound must cover.</param>
public readonly record struct CheckedReading(
    ClockStatus Status, long Earliest, long Latest, long Bound, long TruthFloor, long TruthCeiling, double SystemClockError)
{
    /// <summary>
    /// How much the interval could shrink and still contain the truth bracket:
    /// min(T(r0) − earliest, latest − T(r1)); negative for a miss.
    /// </summary>
    public long Margin => Math.Min(TruthFloor - Earliest, Latest - TruthCeiling);

    /// <summary>The width of the truth bracket, ns (r1 − r0 scaled by the rate, plus rounding).</summary>
    public long BracketWidth => TruthCeiling - TruthFloor;

    /// <summary>Whether the status is one a client may rely on (Synchronized, FreeRunning).</summary>
    public bool IsReliable => Status is ClockStatus.Synchronized or ClockStatus.FreeRunning;

    /// <summary>Whether the interval contains the whole truth bracket.</summary>
    public bool ContainsTruth => Margin >= 0;

    /// <summary>
    /// Whether the interval meets the truth bracket at all. A reading that fails this is wrong
    /// whatever moment inside the bracket the client read its clock.
    /// </summary>
    public bool OverlapsTruth => Earliest <= TruthCeiling && Latest >= TruthFloor;

    /// <summary>Checks <paramref name="reading"/>, taken between system clock readings <paramref name="before"/> and <paramref name="after"/>, against <paramref name="truth"/>.</summary>
    public static CheckedReading Check(KnownClock truth, long before, ClockBoundNow reading, long after)
    {
        ArgumentNullException.ThrowIfNull(truth);
        return new CheckedReading(
            reading.Status,
            reading.Earliest.UnixTimeNanoseconds,
            reading.Latest.UnixTimeNanoseconds,
            reading.BoundNanoseconds,
            truth.FloorAt(before),
            truth.CeilingAt(after),
            truth.ErrorOfSystemClockAt(before));
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Status} [{Earliest}, {Latest}] bound {Bound} ns, truth [{TruthFloor}, {TruthCeiling}], "
        + $"system clock error {SystemClockError:F0} ns, margin {Margin} ns";
}
