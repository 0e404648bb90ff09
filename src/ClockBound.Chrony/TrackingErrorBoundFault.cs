namespace ClockBound.Chrony;

/// <summary>Why a tracking report has no <see cref="TrackingErrorBound"/>.</summary>
public enum TrackingErrorBoundFault
{
    /// <summary>The bound exists.</summary>
    None,

    /// <summary>root_delay is negative: not a report a sane chronyd sends.</summary>
    NegativeRootDelay,

    /// <summary>root_dispersion is negative: not a report a sane chronyd sends.</summary>
    NegativeRootDispersion,

    /// <summary>The PHC error bound read from sysfs is negative.</summary>
    NegativePhcErrorBound,

    /// <summary>The bound exceeds <see cref="TrackingErrorBound.MaximumNanoseconds"/>.</summary>
    TooLarge,
}
