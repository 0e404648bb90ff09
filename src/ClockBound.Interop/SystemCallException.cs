namespace ClockBound.Interop;

/// <summary>A system call failed; carries the call's name and the errno it set.</summary>
internal sealed class SystemCallException : Exception
{
    /// <summary>Creates the exception for <paramref name="systemCall"/> failing with <paramref name="errno"/>.</summary>
    public SystemCallException(string systemCall, int errno, string? path = null)
        : base(Describe(systemCall, errno, path))
    {
        SystemCall = systemCall;
        Errno = errno;
        Path = path;
    }

    /// <summary>The name of the call that failed, e.g. <c>open</c> or <c>mmap</c>.</summary>
    public string SystemCall { get; }

    /// <summary>The errno value the call set (e.g. 2 for ENOENT, 13 for EACCES).</summary>
    public int Errno { get; }

    /// <summary>The file the call was about, when there was one.</summary>
    public string? Path { get; }

    /// <summary>Throws for the current thread's last P/Invoke error.</summary>
    internal static SystemCallException FromLastError(string systemCall, string? path = null) =>
        new(systemCall, System.Runtime.InteropServices.Marshal.GetLastPInvokeError(), path);

    private static string Describe(string call, int errno, string? path)
    {
        string text = System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);
        return path is null
            ? $"{call} failed: {text} (errno {errno})"
            : $"{call} failed for '{path}': {text} (errno {errno})";
    }
}
