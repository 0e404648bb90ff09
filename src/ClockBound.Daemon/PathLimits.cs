using System.Text;
using ClockBound.Chrony;

namespace ClockBound.Daemon;

/// <summary>
/// The kernel's limits on the paths the command line names, checked before anything is created:
/// a path the kernel will refuse must be refused at start (exit 2), not after the daemon made half
/// of it, nor by running on and publishing Unknown forever. Pure string work.
/// </summary>
internal static class PathLimits
{
    /// <summary>PATH_MAX: bytes in a path, with its terminating NUL.</summary>
    public const int PathMax = 4096;

    /// <summary>NAME_MAX: bytes in one path component.</summary>
    public const int NameMax = 255;

    /// <summary>sizeof(sockaddr_un.sun_path): bytes in a Unix socket's path, with its terminating NUL.</summary>
    public const int SunPathSize = 108;

    /// <summary>Digits of the largest pid Linux can hand out (pid_max is at most 2^22 = 4194304).</summary>
    public const int MaximumPidDigits = 7;

    /// <summary>Null if <paramref name="path"/> (made absolute) fits PATH_MAX and NAME_MAX; else the error, naming <paramref name="option"/>.</summary>
    public static string? Check(string option, string path)
    {
        string full = Path.GetFullPath(path);
        int bytes = Encoding.UTF8.GetByteCount(full);
        if (bytes + 1 > PathMax)
        {
            return $"{option}: the path is {bytes} bytes long as an absolute path; Linux allows at most {PathMax - 1} "
                + $"(PATH_MAX {PathMax}, with the terminating NUL). Give a shorter path.";
        }
        foreach (string component in full.Split('/'))
        {
            int length = Encoding.UTF8.GetByteCount(component);
            if (length > NameMax)
            {
                string shown = component.Length > 40 ? component[..40] + "..." : component;
                return $"{option}: the path component '{shown}' is {length} bytes long; Linux allows at most {NameMax} "
                    + "per file or directory name (NAME_MAX). Give a shorter name.";
            }
        }
        return null;
    }

    /// <summary>
    /// Null if chronyd's socket at <paramref name="path"/> and the client socket the daemon binds
    /// next to it (<c>DIR/clockbound.PID.sock</c>, for any pid) both fit <c>sun_path</c>; else the
    /// error, naming <c>--chrony-socket</c> and the limit.
    /// </summary>
    public static string? CheckChronySocket(string path)
    {
        const string Option = "--chrony-socket";
        int limit = SunPathSize - 1;
        int serverBytes = Encoding.UTF8.GetByteCount(path);
        if (serverBytes > limit)
        {
            return $"{Option}: '{path}' is {serverBytes} bytes long; a Unix socket path may have at most {limit} "
                + $"(sun_path is {SunPathSize} bytes with its terminating NUL). Give a shorter path to chronyd's socket, "
                + "e.g. through a symbolic link to its directory.";
        }
        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        string prefix = new ChronyConnectionOptions().ClientSocketPrefix;
        // ChronyConnection's name for a process's connection: PREFIX.PID.sock (its ClientSocketName).
        string longest = Path.Combine(directory, $"{prefix}.{new string('9', MaximumPidDigits)}.sock");
        int clientBytes = Encoding.UTF8.GetByteCount(longest);
        if (clientBytes > limit)
        {
            return $"{Option}: the daemon binds its own socket next to chronyd's, as {Path.Combine(directory, prefix)}.PID.sock, "
                + $"which can be {clientBytes} bytes long; a Unix socket path may have at most {limit} (sun_path is {SunPathSize} bytes "
                + $"with its terminating NUL), so that directory's path must be at most {limit - (clientBytes - Encoding.UTF8.GetByteCount(directory))} "
                + "bytes. Give a shorter path to chronyd's socket, e.g. through a symbolic link to its directory.";
        }
        return null;
    }
}
