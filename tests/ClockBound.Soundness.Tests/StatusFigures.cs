namespace ClockBound.Soundness.Tests;

/// <summary>Running figures for the readings of one status: count, smallest margins, bound range, call durations.</summary>
public sealed class StatusFigures
{
    /// <summary>Readings with this status.</summary>
    public int Readings { get; private set; }

    /// <summary>The reading with the smallest margin, if any.</summary>
    public CheckedReading? Tightest { get; private set; }

    /// <summary>When into the scenario <see cref="Tightest"/> was read.</summary>
    public TimeSpan TightestAt { get; private set; }

    /// <summary>The smallest whole-bracket margin, ns (long.MaxValue before any reading).</summary>
    public long SmallestBracketMargin { get; private set; } = long.MaxValue;

    /// <summary>Readings whose interval did not contain the whole truth bracket.</summary>
    public int BracketShortfalls { get; private set; }

    /// <summary>The longest call (r1 − r0) among <see cref="BracketShortfalls"/>, ns.</summary>
    public long LongestShortfallCall { get; private set; }

    /// <summary>The longest call (r1 − r0) of all, ns.</summary>
    public long LongestCall { get; private set; }

    /// <summary>Smallest bound seen, ns.</summary>
    public long MinBound { get; private set; } = long.MaxValue;

    /// <summary>Largest bound seen, ns.</summary>
    public long MaxBound { get; private set; } = long.MinValue;

    /// <summary>Largest |T − system clock| seen, ns.</summary>
    public double MaxSystemClockError { get; private set; }

    /// <summary>Adds a reading read at <paramref name="elapsed"/> into the scenario.</summary>
    public void Add(CheckedReading reading, TimeSpan elapsed)
    {
        Readings++;
        MinBound = Math.Min(MinBound, reading.Bound);
        MaxBound = Math.Max(MaxBound, reading.Bound);
        MaxSystemClockError = Math.Max(MaxSystemClockError, Math.Abs(reading.SystemClockError));
        LongestCall = Math.Max(LongestCall, reading.CallDuration);
        SmallestBracketMargin = Math.Min(SmallestBracketMargin, reading.BracketMargin);
        if (!reading.ContainsWholeBracket)
        {
            BracketShortfalls++;
            LongestShortfallCall = Math.Max(LongestShortfallCall, reading.CallDuration);
        }

        if (Tightest is not { } tightest || reading.Margin < tightest.Margin)
        {
            Tightest = reading;
            TightestAt = elapsed;
        }
    }
}
