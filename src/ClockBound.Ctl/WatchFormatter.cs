using System.Globalization;

namespace ClockBound.Ctl;

/// <summary><c>clockboundctl watch</c>'s lines for people (with <c>--json</c> it prints <see cref="NowFormatter.FormatJson"/>). Pure.</summary>
internal static class WatchFormatter
{
    /// <summary>
    /// <c>2026-11-25T18:31:01.779918192Z +/- 58.390 us Synchronized</c>: the middle of the interval
    /// (the system clock's reading), the bound rounded up, the status. No newline.
    /// </summary>
    public static string FormatLine(ClockBoundNow now)
    {
        // earliest ≤ latest, so the unsigned difference is exact even at the ends of the range.
        long middle = now.Earliest.UnixTimeNanoseconds
            + (long)(((ulong)now.Latest.UnixTimeNanoseconds - (ulong)now.Earliest.UnixTimeNanoseconds) / 2);
        return string.Create(CultureInfo.InvariantCulture,
            $"{UnixInstant.FromUnixTimeNanoseconds(middle)} +/- {HumanDuration.FormatCeiling(now.BoundNanoseconds)} {NowFormatter.StatusName(now.Status)}");
    }

    /// <summary><c>clockboundctl: 2026-11-25T18:31:01.779918192Z: MESSAGE (still watching)</c>: a failed interval. No newline.</summary>
    public static string FormatError(UnixInstant at, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return string.Create(CultureInfo.InvariantCulture, $"clockboundctl: {at}: {message} (still watching)");
    }
}
