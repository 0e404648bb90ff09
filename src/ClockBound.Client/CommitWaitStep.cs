namespace ClockBound.Client;

/// <summary>What a commit wait does after a reading (<see cref="CommitWaitPlan.Next"/>).</summary>
internal enum CommitWaitStep
{
    /// <summary>The instant has surely passed: return this reading.</summary>
    Done,

    /// <summary>Within the spin threshold (plus the shortest sleep) of the end: read again at once.</summary>
    Spin,

    /// <summary>Sleep for the given time, then read again.</summary>
    Sleep,

    /// <summary>The status is unreliable and the options say to fail fast.</summary>
    FailNotReliable,

    /// <summary>The maximum wait has passed.</summary>
    FailTimedOut,
}
