using ClockBound.Shm;

namespace ClockBound.Daemon;

/// <summary>
/// Encodes the <c>STATUS=</c> line systemd shows in <c>systemctl status</c>, e.g.
/// <c>STATUS=Synchronized, bound 42.1 us</c>, into a caller's buffer without allocating.
/// The bound is rounded up to one decimal in the largest unit below it (ns, us, ms, s).
/// </summary>
internal static class NotifyStatusText
{
    /// <summary>Room enough for the longest line.</summary>
    public const int MaxLength = 64;

    /// <summary>Writes the line into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns its length.</summary>
    public static int Write(Span<byte> destination, ClockStatus status, long boundNanoseconds)
    {
        int n = Append(destination, "STATUS="u8, 0);
        n = Append(destination, Name(status), n);
        if (boundNanoseconds >= SegmentPublisher.NoSampleBoundNanoseconds || boundNanoseconds < 0)
        {
            return Append(destination, ", no bound"u8, n);
        }
        n = Append(destination, ", bound "u8, n);
        if (boundNanoseconds < 1_000)
        {
            boundNanoseconds.TryFormat(destination[n..], out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
            return Append(destination, " ns"u8, n + written);
        }
        long unit = boundNanoseconds switch
        {
            < 1_000_000 => 1_000L,
            < 1_000_000_000 => 1_000_000L,
            _ => 1_000_000_000L,
        };
        ReadOnlySpan<byte> suffix = unit switch
        {
            1_000L => " us"u8,
            1_000_000L => " ms"u8,
            _ => " s"u8,
        };
        // Tenths of the unit, rounded up: the text never shows a bound narrower than the published one.
        long tenths = (boundNanoseconds / unit * 10) + (((boundNanoseconds % unit * 10) + unit - 1) / unit);
        (tenths / 10).TryFormat(destination[n..], out int whole, provider: System.Globalization.CultureInfo.InvariantCulture);
        n += whole;
        destination[n++] = (byte)'.';
        destination[n++] = (byte)('0' + (tenths % 10));
        return Append(destination, suffix, n);
    }

    private static ReadOnlySpan<byte> Name(ClockStatus status) => status switch
    {
        ClockStatus.Synchronized => "Synchronized"u8,
        ClockStatus.FreeRunning => "FreeRunning"u8,
        ClockStatus.Disrupted => "Disrupted"u8,
        _ => "Unknown"u8,
    };

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> text, int at)
    {
        text.CopyTo(destination[at..]);
        return at + text.Length;
    }
}
