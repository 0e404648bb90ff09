using ClockBound.Interop;

namespace ClockBound.Ctl;

/// <summary>A file's mode and owner, as <c>status</c> shows them and <c>doctor</c> judges them.</summary>
/// <param name="Path">The file.</param>
/// <param name="Mode">Permission bits, with setuid, setgid and sticky.</param>
/// <param name="Uid">Owning user id.</param>
/// <param name="Gid">Owning group id.</param>
internal sealed record FileFacts(string Path, UnixFileMode Mode, uint Uid, uint Gid)
{
    /// <summary>The facts of <paramref name="path"/>, or null with <paramref name="error"/> saying why they cannot be had.</summary>
    public static FileFacts? TryGet(string path, out string? error)
    {
        error = null;
        try
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            FileStatus status = FileStatus.Get(path, followLink: true);
            return new FileFacts(path, mode, status.OwnerId, status.GroupId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SystemCallException)
        {
            error = ErrorText.OneLine(e.Message);
            return null;
        }
    }

    /// <summary>The mode in octal, e.g. <c>0644</c>, <c>1777</c>.</summary>
    public string OctalMode => Convert.ToString((int)Mode, 8).PadLeft(4, '0');

    /// <summary>The owner as <c>user:group</c> names (numbers where /etc/passwd or /etc/group have none).</summary>
    public string OwnerText => $"{AccountNames.User(Uid)}:{AccountNames.Group(Gid)}";
}
