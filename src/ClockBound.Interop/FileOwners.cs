namespace ClockBound.Interop;

/// <summary>A file's owning user and group (the BCL exposes the mode, not the owner).</summary>
public static unsafe class FileOwners
{
    private const uint StatxUid = 0x8;
    private const uint StatxGid = 0x10;
    private const int UidOffset = 20; // struct statx: stx_uid, then stx_gid (linux/stat.h)
    private const int GidOffset = 24;

    /// <summary>The uid and gid of <paramref name="path"/> (a symbolic link is followed, as by stat).</summary>
    /// <exception cref="SystemCallException">statx failed, e.g. with ENOENT (2) or EACCES (13).</exception>
    public static (uint Uid, uint Gid) Get(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Libc.StatxNative st;
        if (Libc.statx(Libc.AT_FDCWD, path, 0, StatxUid | StatxGid, &st) != 0)
        {
            throw SystemCallException.FromLastError("statx", path);
        }

        byte* raw = (byte*)&st;
        return (*(uint*)(raw + UidOffset), *(uint*)(raw + GidOffset));
    }
}
