namespace ClockBound.VMClock;

/// <summary>The VMClock device could not be opened or read, or is not a VMClock page.</summary>
internal sealed class VMClockException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VMClockException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
