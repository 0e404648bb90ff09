using System.Globalization;
using System.Runtime.Versioning;
using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>Reads the holder of a lock from the text of <c>/proc/locks</c>.</summary>
/// <remarks>
/// A line is <c>1: FLOCK  ADVISORY  WRITE 4242 fe:00:347539 0 EOF</c>: id, type, kind, access,
/// pid, then device major and minor (hex) and inode (decimal). Lines of blocked waiters have
/// <c>-&gt;</c> after the id and are skipped.
/// </remarks>
[SupportedOSPlatform("linux")]
internal static class ProcLocks
{
    /// <summary>The pid holding an exclusive flock on <paramref name="file"/>, or null if the text names none.</summary>
    public static int? FindExclusiveFlockHolder(string procLocks, in FileStatus file)
    {
        ArgumentNullException.ThrowIfNull(procLocks);
        foreach (string line in procLocks.Split('\n'))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 6 || f[1] != "FLOCK" || f[3] != "WRITE"
                || !int.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }
            string[] id = f[5].Split(':');
            if (id.Length == 3
                && uint.TryParse(id[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint major)
                && uint.TryParse(id[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint minor)
                && ulong.TryParse(id[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode)
                && major == file.Identity.DeviceMajor && minor == file.Identity.DeviceMinor && inode == file.Identity.Inode)
            {
                return pid;
            }
        }
        return null;
    }
}
