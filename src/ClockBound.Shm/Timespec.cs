namespace ClockBound.Shm;

/// <summary>A POSIX <c>struct timespec</c>: whole seconds and nanoseconds (0..999 999 999).</summary>
/// <param name="Seconds">Whole seconds (<c>tv_sec</c>).</param>
/// <param name="Nanoseconds">Nanoseconds within the second (<c>tv_nsec</c>).</param>
internal readonly record struct Timespec(long Seconds, long Nanoseconds)
{
    private const long NanosecondsPerSecond = 1_000_000_000L;

    /// <summary>Whether <see cref="Nanoseconds"/> is in 0..999 999 999 and <see cref="Seconds"/> is not negative.</summary>
    public bool IsValid => Seconds >= 0 && Nanoseconds is >= 0 and < NanosecondsPerSecond;

    /// <summary>The total in nanoseconds; false if the value is invalid or does not fit in 64 bits.</summary>
    public bool TryGetTotalNanoseconds(out long total)
    {
        total = 0;
        if (!IsValid || Seconds > (long.MaxValue - Nanoseconds) / NanosecondsPerSecond)
        {
            return false;
        }
        total = Seconds * NanosecondsPerSecond + Nanoseconds;
        return true;
    }

    /// <summary>Splits a non-negative nanosecond count into seconds and nanoseconds.</summary>
    public static Timespec FromNanoseconds(long totalNanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalNanoseconds);
        return new Timespec(totalNanoseconds / NanosecondsPerSecond, totalNanoseconds % NanosecondsPerSecond);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Seconds}.{Nanoseconds:D9}";
}
