using System.Globalization;

namespace ClockBound.Ctl;

/// <summary>
/// Parses a duration such as <c>500us</c>, <c>1.5ms</c>, <c>2s</c> or <c>250000ns</c> (a number,
/// then ns, us, ms or s) into whole nanoseconds, rounding a fraction of a nanosecond DOWN: the
/// value is a limit a bound must stay within, so a limit is only ever taken tighter. Pure.
/// </summary>
internal static class DurationText
{
    private const long MaximumNanoseconds = 1_000_000_000_000_000_000; // the largest bound a daemon publishes

    /// <summary>The nanoseconds <paramref name="text"/> names, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static long? TryParseNanoseconds(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        string trimmed = text.Trim();
        int unitStart = trimmed.Length;
        while (unitStart > 0 && char.IsLetter(trimmed[unitStart - 1]))
        {
            unitStart--;
        }
        long? scale = trimmed[unitStart..].ToLowerInvariant() switch
        {
            "ns" => 1,
            "us" or "µs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            _ => null,
        };
        string number = trimmed[..unitStart];
        if (scale is null || number.Length == 0)
        {
            error = $"'{text}' is not a duration: write a number and a unit, ns, us, ms or s (e.g. 500us, 1.5ms)";
            return null;
        }
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
        {
            error = $"'{text}' is not a duration: '{number}' is not a non-negative number";
            return null;
        }
        decimal nanoseconds = decimal.Floor(value * scale.Value);
        if (nanoseconds > MaximumNanoseconds)
        {
            error = $"'{text}' is more than {MaximumNanoseconds / 1_000_000_000} s";
            return null;
        }
        return (long)nanoseconds;
    }
}
