namespace ClockBound.Interop;

/// <summary>
/// A <c>signalfd</c>: blocked signals read one at a time, in the order the kernel queued them.
/// Only signals blocked on every thread reach it (see <see cref="ProcessSignals"/>).
/// </summary>
internal sealed unsafe class SignalFile : IDisposable
{
    private const int SiginfoSize = 128; // struct signalfd_siginfo; ssi_signo is its first u32
    private readonly int _fd;

    private SignalFile(int fd) => _fd = fd;

    /// <summary>Opens a signal file for <paramref name="signals"/>.</summary>
    /// <exception cref="SystemCallException">signalfd failed.</exception>
    public static SignalFile Open(ReadOnlySpan<int> signals)
    {
        Libc.SigSet set = ProcessSignals.Set(signals);
        int fd = Libc.signalfd(-1, &set, Libc.SFD_CLOEXEC);
        if (fd < 0)
        {
            throw SystemCallException.FromLastError("signalfd");
        }
        return new SignalFile(fd);
    }

    /// <summary>Blocks until a signal is pending, takes it and returns its number.</summary>
    /// <exception cref="SystemCallException">read failed (other than EINTR, which is retried).</exception>
    public int Read()
    {
        byte* info = stackalloc byte[SiginfoSize];
        while (true)
        {
            nint n = Libc.read(_fd, info, SiginfoSize);
            if (n == SiginfoSize)
            {
                return *(int*)info;
            }
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (n < 0 && errno == Libc.EINTR)
            {
                continue;
            }
            throw new SystemCallException("read(signalfd)", n < 0 ? errno : 0);
        }
    }

    /// <summary>Closes the file descriptor. A thread blocked in <see cref="Read"/> is not woken by this.</summary>
    public void Dispose() => Libc.close(_fd);
}
