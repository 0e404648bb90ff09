using System.Text;

namespace ClockBound.Interop;

/// <summary>
/// A path encoded once, whose entry can then be looked up again and again without allocating
/// (the daemon checks each loop that its segment's path still names the file it writes).
/// </summary>
internal sealed unsafe class PathStatus
{
    private readonly byte[] _path;

    /// <summary>Encodes <paramref name="path"/> (UTF-8, NUL-terminated).</summary>
    public PathStatus(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        _path = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, _path);
    }

    /// <summary>The path.</summary>
    public string Path { get; }

    /// <summary>
    /// The status of the entry the path names (links before the last component are followed, the
    /// last is not); false with the errno (e.g. 2 ENOENT) if there is none.
    /// </summary>
    public bool TryGet(out FileStatus status, out int errno)
    {
        Libc.StatxNative st;
        fixed (byte* p = _path)
        {
            if (Libc.statx(Libc.AT_FDCWD, p, Libc.AT_SYMLINK_NOFOLLOW, FileStatus.Mask, &st) != 0)
            {
                errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                status = default;
                return false;
            }
        }
        errno = 0;
        status = FileStatus.From(st);
        return true;
    }
}
