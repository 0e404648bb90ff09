namespace ClockBound.Soundness.Tests;

/// <summary>Running figures for the readings of one status: count, smallest margin, bound range.</summary>
public sealed class StatusFigures
{
    /// <summary>Readings with this status.</summary>
    public int Readings { get; private set; }

    /// <summary>The reading with the smallest margin, if any (readings with a narrow bracket only).</summary>
    public CheckedReading? Tightest { get; private set; }

    /// <summary>Smallest bound seen, ns.</summary>
    public long MinBound { get; private set; } = long.MaxValue;

    /// <summary>Largest bound seen, ns.</summary>
    public long MaxBound { get; private set; } = long.MinValue;

    /// <summary>Largest |T − system clock| seen, ns.</summary>
    public double MaxSystemClockError { get; private set; }

    /// <summary>Adds a reading; <paramref name="narrow"/> ones compete for the smallest margin.</summary>
    public void Add(CheckedReading reading, bool narrow)
    {
        Readings++;
        MinBound = Math.Min(MinBound, reading.Bound);
        MaxBound = Math.Max(MaxBound, reading.Bound);
        MaxSystemClockError = Math.Max(MaxSystemClockError, Math.Abs(reading.SystemClockError));
        if (narrow && (Tightest is not { } tightest || reading.Margin < tightest.Margin))
        {
            Tightest = reading;
        }
    }
}
