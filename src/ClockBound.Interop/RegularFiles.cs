namespace ClockBound.Interop;

/// <summary>
/// Reads small regular files (sysfs attributes) without ever blocking in <c>open</c> or
/// <c>read</c>: opened with <c>O_NONBLOCK</c>, and anything but a regular file (a FIFO, a
/// device, a socket) is refused before a byte is read.
/// </summary>
internal static unsafe class RegularFiles
{
    /// <summary>Reads up to <paramref name="buffer"/>'s length from the start of <paramref name="path"/>; returns the byte count.</summary>
    /// <exception cref="SystemCallException">open, statx or read failed (the message names the path and errno).</exception>
    /// <exception cref="IOException">The path is not a regular file; the message says what it is.</exception>
    public static int Read(string path, Span<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(path);
        int fd = Libc.open(path, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC | Libc.O_NOCTTY, 0);
        if (fd < 0)
        {
            throw SystemCallException.FromLastError("open", path);
        }
        try
        {
            Libc.StatxNative st;
            if (Libc.statx(fd, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_TYPE, &st) != 0)
            {
                throw SystemCallException.FromLastError("statx", path);
            }
            int type = st.stx_mode & Libc.S_IFMT;
            if (type != Libc.S_IFREG)
            {
                throw new IOException($"'{path}' is {Describe(type)}, not a regular file");
            }
            int total = 0;
            fixed (byte* b = buffer)
            {
                while (total < buffer.Length)
                {
                    nint n = Libc.read(fd, b + total, (nuint)(buffer.Length - total));
                    if (n < 0)
                    {
                        if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Libc.EINTR)
                        {
                            continue;
                        }
                        throw SystemCallException.FromLastError("read", path);
                    }
                    if (n == 0)
                    {
                        break;
                    }
                    total += (int)n;
                }
            }
            return total;
        }
        finally
        {
            Libc.close(fd);
        }
    }

    private static string Describe(int type) => type switch
    {
        0x1000 => "a FIFO (named pipe)",
        Libc.S_IFCHR => "a character device",
        0x6000 => "a block device",
        Libc.S_IFDIR => "a directory",
        Libc.S_IFSOCK => "a socket",
        _ => $"a file of type 0x{type:X4}",
    };
}
