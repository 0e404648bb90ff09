namespace ClockBound;

/// <summary>Why a commit wait gave up (<see cref="CommitWaitException.Reason"/>).</summary>
public enum CommitWaitFailure
{
    /// <summary><see cref="CommitWaitOptions.MaximumWait"/> passed before the instant had surely passed.</summary>
    TimedOut,

    /// <summary>
    /// The clock's status was <see cref="ClockStatus.Unknown"/> or <see cref="ClockStatus.Disrupted"/>
    /// and <see cref="CommitWaitOptions.FailFastOnUnreliableStatus"/> is on.
    /// </summary>
    ClockNotReliable,
}
