using System.Runtime.Versioning;
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
    [SupportedOSPlatform("linux")]
    internal ClockBoundException(SystemCallException systemCallError)
        : base(systemCallError.Message, systemCallError)
    {
        Kind = ClockBoundErrorKind.SystemCallFailed;
        SystemCall = systemCallError.SystemCall;
        Errno = systemCallError.Errno;
    }

    /// <summary>Wraps a failed system call with a message of its own (one that says what to do about it).</summary>
    [SupportedOSPlatform("linux")]
    internal ClockBoundException(SystemCallException systemCallError, string message)
        : base(message, systemCallError)
    {
        Kind = ClockBoundErrorKind.SystemCallFailed;
        SystemCall = systemCallError.SystemCall;
        Errno = systemCallError.Errno;
    }

    private ClockBoundException(ClockBoundException original)
        : base(original.Message, original.InnerException)
    {
        Kind = original.Kind;
        SystemCall = original.SystemCall;
        Errno = original.Errno;
    }

    /// <summary>
    /// A new exception with the same kind, message and details, to throw: an error is kept to
    /// answer many calls, and one object thrown from many threads at once would mix their stack traces.
    /// </summary>
    internal ClockBoundException CopyToThrow() => new(this);

    /// <summary>What went wrong.</summary>
    public ClockBoundErrorKind Kind { get; }

    /// <summary>For <see cref="ClockBoundErrorKind.SystemCallFailed"/>: the call's name (e.g. <c>open</c>); otherwise null.</summary>
    public string? SystemCall { get; }

    /// <summary>For <see cref="ClockBoundErrorKind.SystemCallFailed"/>: the errno it set (e.g. 2, ENOENT); otherwise null.</summary>
    public int? Errno { get; }
}
