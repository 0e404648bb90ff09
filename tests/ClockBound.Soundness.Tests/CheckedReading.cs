using ClockBound.TestSupport;

namespace ClockBound.Soundness.Tests;

/// <summary>
/// One client reading checked against true time. The system clock was read just before
/// (<c>r0</c>) and just after (<c>r1</c>) the call. The client computes its interval around one
/// CLOCK_REALTIME read of its own, <c>r = earliest + bound = latest − bound</c>; that read must
/// lie in <c>[r0, r1]</c>, and the interval must contain true time at it, <c>T(r)</c>, exactly
/// known because T is a function of the system clock.
/// </summary>
/// <remarks>
/// The stricter test, that the interval contains the whole truth bracket <c>[T(r0), T(r1)]</c>,
/// is kept as a figure (<see cref="BracketMargin"/>) but not required: when the sampling thread is
/// descheduled inside the call for longer than the interval's slack, no honest interval around
/// <c>r</c> can contain <c>T(r0)</c>, which is true time at an instant the client never looked.
/// </remarks>
/// <param name="Status">The status the reading reported.</param>
/// <param name="Earliest">The reading's earliest, Unix ns.</param>
/// <param name="Latest">The reading's latest, Unix ns.</param>
/// <param name="Bound">The reading's bound, ns.</param>
/// <param name="Before">r0: the system clock just before the call.</param>
/// <param name="After">r1: the system clock just after the call.</param>
/// <param name="TruthFloor">T(r), rounded down (r: the client's own clock read).</param>
/// <param name="TruthCeiling">T(r), rounded up.</param>
/// <param name="BracketFloor">T(r0), rounded down.</param>
/// <param name="BracketCeiling">T(r1), rounded up.</param>
/// <param name="SystemClockError">T − system clock at r, ns: what the bound must cover.</param>
public readonly record struct CheckedReading(
    ClockStatus Status,
    long Earliest,
    long Latest,
    long Bound,
    long Before,
    long After,
    long TruthFloor,
    long TruthCeiling,
    long BracketFloor,
    long BracketCeiling,
    double SystemClockError)
{
    /// <summary>The client's own CLOCK_REALTIME read: the centre of its interval.</summary>
    public long ClientRealtime => Earliest + Bound;

    /// <summary>
    /// Whether the interval is centred on a clock read made during the call
    /// (<c>latest − bound = earliest + bound</c>, inside <c>[r0, r1]</c>). A reading that fails
    /// this was computed from a clock read that is not "now".
    /// </summary>
    public bool ReadDuringCall => Latest - Bound == ClientRealtime && ClientRealtime >= Before && ClientRealtime <= After;

    /// <summary>min(T(r) − earliest, latest − T(r)): how much the interval could shrink and still contain true time; negative for a miss.</summary>
    public long Margin => Math.Min(TruthFloor - Earliest, Latest - TruthCeiling);

    /// <summary>min(T(r0) − earliest, latest − T(r1)): the margin over the whole truth bracket (smaller than <see cref="Margin"/> by about the time spent in the call).</summary>
    public long BracketMargin => Math.Min(BracketFloor - Earliest, Latest - BracketCeiling);

    /// <summary>r1 − r0, ns: how long the call took, descheduling included.</summary>
    public long CallDuration => After - Before;

    /// <summary>Whether the status is one a client may rely on (Synchronized, FreeRunning).</summary>
    public bool IsReliable => Status is ClockStatus.Synchronized or ClockStatus.FreeRunning;

    /// <summary>Whether the interval was computed from a clock read during the call and contains true time at it.</summary>
    public bool ContainsTruth => ReadDuringCall && Margin >= 0;

    /// <summary>Whether the interval contains the whole truth bracket.</summary>
    public bool ContainsWholeBracket => BracketMargin >= 0;

    /// <summary>Checks <paramref name="reading"/>, taken between system clock readings <paramref name="before"/> and <paramref name="after"/>, against <paramref name="truth"/>.</summary>
    public static CheckedReading Check(KnownClock truth, long before, ClockBoundNow reading, long after)
    {
        ArgumentNullException.ThrowIfNull(truth);
        long earliest = reading.Earliest.UnixTimeNanoseconds;
        long clientRealtime = earliest + reading.BoundNanoseconds;
        return new CheckedReading(
            reading.Status,
            earliest,
            reading.Latest.UnixTimeNanoseconds,
            reading.BoundNanoseconds,
            before,
            after,
            truth.FloorAt(clientRealtime),
            truth.CeilingAt(clientRealtime),
            truth.FloorAt(before),
            truth.CeilingAt(after),
            truth.ErrorOfSystemClockAt(clientRealtime));
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Status} [{Earliest}, {Latest}] bound {Bound} ns, client clock read {ClientRealtime} "
        + $"({(ReadDuringCall ? "during" : "NOT during")} the call [{Before}, {After}]), truth there [{TruthFloor}, {TruthCeiling}], "
        + $"system clock error {SystemClockError:F0} ns, margin {Margin} ns, whole-bracket margin {BracketMargin} ns";
}
