using System.Globalization;

namespace ClockBound.Chrony;

/// <summary>
/// The file name of a connection's client socket: <c>PREFIX.PID.sock</c> for a process's first
/// connection, <c>PREFIX.PID.N.sock</c> (N ≥ 2) for further ones held open at the same time. Made
/// from a pid, and read back to find which process a file belongs to. Pure string work, no file system.
/// </summary>
internal static class ClientSocketName
{
    private const string Suffix = ".sock";

    /// <summary>
    /// <c>PREFIX.PID.sock</c> for <paramref name="connection"/> 1, <c>PREFIX.PID.N.sock</c> for N ≥ 2.
    /// </summary>
    internal static string Format(string prefix, int pid, int connection = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connection, 1);
        return connection == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{prefix}.{pid}{Suffix}")
            : string.Create(CultureInfo.InvariantCulture, $"{prefix}.{pid}.{connection}{Suffix}");
    }

    /// <summary>
    /// The pid in <paramref name="fileName"/> if it is exactly what <see cref="Format"/> makes for
    /// <paramref name="prefix"/>, some positive pid and some connection number; otherwise <see langword="null"/>.
    /// </summary>
    /// <remarks>
    /// Exactly means canonical digits only: no sign, no leading zero, no spaces, no connection
    /// number below 2 (Format writes none for the first), nothing past <see cref="int.MaxValue"/>.
    /// Anything else is some other program's file, and what this parses decides what may be deleted.
    /// </remarks>
    internal static int? ParsePid(string fileName, string prefix)
    {
        if (prefix.Length == 0
            || fileName.Length <= prefix.Length + 1 + Suffix.Length
            || !fileName.StartsWith(prefix, StringComparison.Ordinal)
            || fileName[prefix.Length] != '.'
            || !fileName.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return null;
        }

        ReadOnlySpan<char> numbers = fileName.AsSpan(prefix.Length + 1, fileName.Length - prefix.Length - 1 - Suffix.Length);
        int dot = numbers.IndexOf('.');
        if (dot < 0)
        {
            return ParseCanonical(numbers);
        }

        return ParseCanonical(numbers[(dot + 1)..]) >= 2 ? ParseCanonical(numbers[..dot]) : null;
    }

    /// <summary>A positive int written as Format writes it (ASCII digits, no sign, no leading zero), or null.</summary>
    private static int? ParseCanonical(ReadOnlySpan<char> digits) =>
        digits.Length > 0 && digits[0] != '0'
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : null;
}
