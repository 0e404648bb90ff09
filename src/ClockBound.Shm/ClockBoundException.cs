using ClockBound.Interop;

namespace ClockBound;

/// <summary>A ClockBound segment could not be read; <see cref="Kind"/> says why.</summary>
public sealed class ClockBoundException : Exception
{
    /// <summary>Creates an exception of the given kind.</summary>
    public ClockBoundException(ClockBoundErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Wraps a failed system call.</summary>
    public ClockBoundException(SystemCallException systemCallError)
        : base(systemCallError.Message, systemCallError)
    {
        Kind = ClockBoundErrorKind.SystemCallFailed;
        SystemCall = systemCallError.SystemCall;
        Errno = systemCallError.Errno;
    }

    /// <summary>What went wrong.</summary>
    public ClockBoundErrorKind Kind { get; }

    /// <summary>For <see cref="ClockBoundErrorKind.SystemCallFailed"/>: the call's name (e.g. <c>open</c>); otherwise null.</summary>
    public string? SystemCall { get; }

    /// <summary>For <see cref="ClockBoundErrorKind.SystemCallFailed"/>: the errno it set (e.g. 2, ENOENT); otherwise null.</summary>
    public int? Errno { get; }
}
