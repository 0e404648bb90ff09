namespace ClockBound.Daemon;

/// <summary>Where the error bound of the PTP hardware clock comes from (sysfs on EC2 ENA).</summary>
internal interface IPhcErrorBoundSource
{
    /// <summary>The PHC's current error bound in nanoseconds (not negative).</summary>
    /// <exception cref="PhcErrorBoundException">It cannot be read or parsed.</exception>
    long ReadErrorBoundNanoseconds();
}
