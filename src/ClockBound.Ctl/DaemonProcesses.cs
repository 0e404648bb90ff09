using System.Globalization;

namespace ClockBound.Ctl;

/// <summary>The running <c>clockbound</c> daemons, from /proc (a process hidden from this user, e.g. by hidepid, is not seen).</summary>
internal static class DaemonProcesses
{
    /// <summary>The daemon's process name (/proc/PID/comm).</summary>
    public const string ProcessName = "clockbound";

    /// <summary>Every visible process named <see cref="ProcessName"/>, with its options.</summary>
    public static IReadOnlyList<DaemonCommandLineFacts> Find()
    {
        var daemons = new List<DaemonCommandLineFacts>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return daemons;
        }
        foreach (string entry in entries)
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(entry, "comm")).TrimEnd('\n') != ProcessName)
                {
                    continue;
                }
                string[] arguments = File.ReadAllText(Path.Combine(entry, "cmdline")).Split('\0');
                int count = arguments.Length > 0 && arguments[^1].Length == 0 ? arguments.Length - 1 : arguments.Length;
                daemons.Add(DaemonCommandLineFacts.Parse(pid, arguments[1..Math.Max(1, count)]));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to see.
            }
        }
        return daemons;
    }
}
