namespace ClockBound.Daemon;

/// <summary>An immutable copy of the <see cref="DaemonCondition"/> for readers on other threads.</summary>
/// <param name="Failure">What fails, or <see cref="SampleFailure.None"/> while ok.</param>
/// <param name="Message">The first failure's message (null while ok).</param>
/// <param name="SinceRealtimeNanoseconds">When it began (CLOCK_REALTIME, ns since the epoch).</param>
/// <param name="NeedsAction">Whether the failure's cause cannot clear by itself (permissions, a missing directory).</param>
internal sealed record ConditionSnapshot(SampleFailure Failure, string? Message, long SinceRealtimeNanoseconds, bool NeedsAction = false)
{
    /// <summary>Whether the daemon is failing.</summary>
    public bool Failing => Failure != SampleFailure.None;
}
