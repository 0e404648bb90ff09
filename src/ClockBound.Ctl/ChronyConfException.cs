namespace ClockBound.Ctl;

/// <summary>chronyd's main configuration file cannot be read; the message names the file, the cause and the fix.</summary>
internal sealed class ChronyConfException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChronyConfException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
