namespace ClockBound.Chrony;

/// <summary>A chronyd command failed: no reply, a malformed or foreign reply, or an error status.</summary>
public sealed class ChronyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChronyException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an error status chronyd replied with.</summary>
    public ChronyException(string message, ushort status)
        : base(message)
    {
        Status = status;
    }

    /// <summary>The status code chronyd replied with (e.g. 19 BADPKTLENGTH), when it replied.</summary>
    public ushort? Status { get; }
}
