namespace ClockBound.Interop;

/// <summary>Whether a process id is in use, without signalling it.</summary>
internal static class Processes
{
    /// <summary>
    /// Whether a process with id <paramref name="pid"/> exists: <c>kill(pid, 0)</c> succeeds or
    /// fails with EPERM (it exists, owned by another user). Only ESRCH means it does not. A zombie
    /// (exited, not yet reaped) still exists.
    /// </summary>
    /// <param name="pid">A positive process id (0 and negative values name process groups in kill(2)).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pid"/> is not positive.</exception>
    /// <exception cref="SystemCallException">kill failed with anything but EPERM or ESRCH.</exception>
    public static bool Exists(int pid)
    {
        // Never 0 or negative: kill(0, ...) and kill(-1, ...) address whole process groups.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        if (Libc.kill(pid, 0) == 0)
        {
            return true;
        }

        int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return errno switch
        {
            Libc.EPERM => true,
            Libc.ESRCH => false,
            _ => throw new SystemCallException("kill", errno),
        };
    }
}
