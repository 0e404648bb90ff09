using System.Globalization;

namespace ClockBound.Chrony;

/// <summary>
/// The file name of a connection's client socket, <c>PREFIX.PID.sock</c>: made from a pid, and read
/// back to find which process a file belongs to. Pure string work, no file system.
/// </summary>
internal static class ClientSocketName
{
    private const string Suffix = ".sock";

    /// <summary><c>PREFIX.PID.sock</c>.</summary>
    internal static string Format(string prefix, int pid) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}.{pid}{Suffix}");

    /// <summary>
    /// The pid in <paramref name="fileName"/> if it is exactly what <see cref="Format"/> makes for
    /// <paramref name="prefix"/> and some positive pid; otherwise <see langword="null"/>.
    /// </summary>
    /// <remarks>
    /// Exactly means canonical digits only: no sign, no leading zero, no spaces, no <c>.N</c>
    /// (a second connection's name), nothing past <see cref="int.MaxValue"/>. Anything else is some
    /// other program's file, and what this parses decides what may be deleted.
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

        ReadOnlySpan<char> digits = fileName.AsSpan(prefix.Length + 1, fileName.Length - prefix.Length - 1 - Suffix.Length);
        if (digits[0] == '0'
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            return null;
        }

        return pid;
    }
}
