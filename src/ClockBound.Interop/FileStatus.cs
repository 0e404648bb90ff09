using System.Runtime.InteropServices;
namespace ClockBound.Interop;

/// <summary>What kind of file a directory entry or descriptor is (the S_IFMT bits).</summary>
internal enum FileKind
{
    /// <summary>Anything not listed below (a block device, or an unknown type).</summary>
    Other,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (seen only by calls that do not follow links).</summary>
    SymbolicLink,

    /// <summary>A character device.</summary>
    CharacterDevice,

    /// <summary>A named pipe.</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,
}

/// <summary>The <c>statx</c> fields the segment writer's checks need: type, mode, owner, links, identity.</summary>
/// <param name="Kind">The file's type.</param>
/// <param name="Permissions">The mode's low 12 bits (permissions, set-id and sticky bits), e.g. 0o1777.</param>
/// <param name="OwnerId">The owner's uid.</param>
/// <param name="GroupId">The group's gid.</param>
/// <param name="LinkCount">Hard links (names) the file has; 0 once every name is removed.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Identity">Which file it is (device and inode).</param>
internal readonly record struct FileStatus(
    FileKind Kind, uint Permissions, uint OwnerId, uint GroupId, uint LinkCount, long Size, FileIdentity Identity)
{
    /// <summary>The sticky bit (S_ISVTX): in a directory, only an entry's owner may rename or remove it.</summary>
    public const uint Sticky = 0x200;

    /// <summary>True when both describe the same file (same device and inode).</summary>
    public bool IsSameFile(in FileStatus other) => Identity == other.Identity;

    /// <summary>The status of <paramref name="path"/>; <paramref name="followLink"/> says whether a symbolic link at the last component is followed (stat) or described itself (lstat).</summary>
    /// <exception cref="SystemCallException">statx failed, e.g. with ENOENT (2) when nothing is at the path, or EACCES (13).</exception>
    public static unsafe FileStatus Get(string path, bool followLink)
    {
        ArgumentNullException.ThrowIfNull(path);
        Libc.StatxNative st;
        if (Libc.statx(Libc.AT_FDCWD, path, followLink ? 0 : Libc.AT_SYMLINK_NOFOLLOW, Mask, &st) != 0)
        {
            throw SystemCallException.FromLastError("statx", path);
        }
        return From(st);
    }

    /// <summary>The errno of looking up <paramref name="path"/> (following a link at its end): 0 when it exists and can be reached, e.g. 2 (ENOENT) or 13 (EACCES) otherwise.</summary>
    public static unsafe int LookupErrno(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Libc.StatxNative st;
        return Libc.statx(Libc.AT_FDCWD, path, 0, Mask, &st) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    internal static FileStatus From(in Libc.StatxNative st) => new(
        KindOf(st.stx_mode), st.stx_mode & 0xFFFu, st.stx_uid, st.stx_gid, st.stx_nlink, (long)st.stx_size,
        new FileIdentity(st.stx_dev_major, st.stx_dev_minor, st.stx_ino));

    internal const uint Mask = Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_NLINK | Libc.STATX_UID | Libc.STATX_GID
        | Libc.STATX_INO | Libc.STATX_SIZE;

    private static FileKind KindOf(ushort mode) => (ushort)(mode & Libc.S_IFMT) switch
    {
        Libc.S_IFREG => FileKind.Regular,
        Libc.S_IFDIR => FileKind.Directory,
        Libc.S_IFLNK => FileKind.SymbolicLink,
        Libc.S_IFCHR => FileKind.CharacterDevice,
        0x1000 => FileKind.Fifo,
        Libc.S_IFSOCK => FileKind.Socket,
        _ => FileKind.Other,
    };
}
