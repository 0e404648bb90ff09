namespace ClockBound.Daemon;

/// <summary>Why a sample gave no chrony status (each kind logs under its own <see cref="LogReason"/>).</summary>
internal enum SampleFailure
{
    /// <summary>The sample is good.</summary>
    None,

    /// <summary>chronyd did not answer (or the connection failed).</summary>
    QueryFailed,

    /// <summary>The report is malformed or says something impossible (a ref_time in the future).</summary>
    ReportRejected,

    /// <summary>chronyd's reference is the PHC and the PHC's bound cannot be read.</summary>
    PhcBoundUnavailable,

    /// <summary>The bound formula refuses the report.</summary>
    BoundRejected,
}
