using System.Globalization;
using System.Runtime.Versioning;
using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>
/// Who may change what a path leads to. Every directory and link on the way to the segment must be
/// owned by root or the daemon's user, and no directory may be writable by anyone else (others,
/// or a group other than root's or the daemon's) unless it is sticky (then only an entry's owner
/// can rename it). Otherwise a local user could rename a forged segment over the real one.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class PathTrust
{
    private const uint GroupWrite = 0x10; // 0020
    private const uint OtherWrite = 0x2;  // 0002

    /// <summary>Why directory <paramref name="path"/> cannot be trusted, with the fix; null if it can.</summary>
    public static string? DirectoryProblem(string path, in FileStatus directory, uint euid, uint egid)
    {
        if (!IsTrustedOwner(directory.OwnerId, euid))
        {
            return $"the directory {path} is owned by uid {directory.OwnerId}, not by root or the daemon's user (uid {euid}), "
                + $"so that user could put a forged segment in it. Fix: chown root {path} (or the daemon's user), "
                + "or publish in a directory that only root or the daemon's user controls (e.g. /run/clockbound)";
        }
        if ((directory.Permissions & FileStatus.Sticky) != 0)
        {
            return null;
        }
        string mode = Octal(directory.Permissions);
        if ((directory.Permissions & OtherWrite) != 0)
        {
            return $"the directory {path} is writable by every user (mode {mode}) and not sticky, so anyone could rename "
                + $"a forged segment over the real one. Fix: chmod o-w {path}";
        }
        if ((directory.Permissions & GroupWrite) != 0 && directory.GroupId != 0 && directory.GroupId != egid)
        {
            return $"the directory {path} is writable by group {directory.GroupId} (mode {mode}), which is neither root's nor the "
                + $"daemon's group, so its members could rename a forged segment over the real one. Fix: chmod g-w {path}";
        }
        return null;
    }

    /// <summary>Why a symbolic link on the way, <paramref name="path"/>, cannot be followed; null if it can.</summary>
    public static string? LinkProblem(string path, in FileStatus link, uint euid) =>
        IsTrustedOwner(link.OwnerId, euid)
            ? null
            : $"the symbolic link {path} on the segment's path is owned by uid {link.OwnerId}, not by root or the daemon's user "
                + $"(uid {euid}). Fix: remove it, or give the real path";

    private static bool IsTrustedOwner(uint owner, uint euid) => owner == 0 || owner == euid;

    internal static string Octal(uint permissions) =>
        "0" + Convert.ToString(permissions & 0xFFF, 8).PadLeft(3, '0').ToString(CultureInfo.InvariantCulture);
}
