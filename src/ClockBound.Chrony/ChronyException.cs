namespace ClockBound.Chrony;

/// <summary>A chronyd command failed: no reply, a malformed or foreign reply, or an error status.</summary>
public sealed class ChronyException : Exception
{
    /// <summary>Creates the exception, of kind <see cref="ChronyFailureKind.Other"/>.</summary>
    public ChronyException(string message, Exception? innerException = null)
        : this(ChronyFailureKind.Other, message, innerException)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ChronyException(ChronyFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Creates the exception for an error status chronyd replied with (<see cref="ChronyFailureKind.Rejected"/>).</summary>
    public ChronyException(string message, ushort status)
        : base(message)
    {
        Kind = ChronyFailureKind.Rejected;
        Status = status;
    }

    /// <summary>Why chronyd could not be asked.</summary>
    public ChronyFailureKind Kind { get; }

    /// <summary>The status code chronyd replied with (e.g. 19 BADPKTLENGTH), when it replied.</summary>
    public ushort? Status { get; }
}
