namespace ClockBound.Daemon;

/// <summary>
/// The daemon's condition as operators see it: ok, or failing for one sample-failure kind, since
/// when, with the first message of that run of failures. Changes only when the kind changes (a
/// new message of the same kind, such as a report carrying a later <c>ref_time</c>, is no change),
/// so it is written out a few times a day, not every loop. Pure; not thread-safe.
/// </summary>
internal sealed class DaemonCondition
{
    /// <summary>Whether any sample has been taken yet.</summary>
    public bool Known { get; private set; }

    /// <summary>What failed, or <see cref="SampleFailure.None"/> while ok.</summary>
    public SampleFailure Failure { get; private set; }

    /// <summary>The first failure's message of this run (null while ok).</summary>
    public string? Message { get; private set; }

    /// <summary>When the current condition began (CLOCK_REALTIME, ns since the epoch).</summary>
    public long SinceRealtimeNanoseconds { get; private set; }

    /// <summary>Whether the failure's cause cannot clear by itself (an operator must act).</summary>
    public bool NeedsAction { get; private set; }

    /// <summary>Whether the daemon is failing.</summary>
    public bool Failing => Failure != SampleFailure.None;

    /// <summary>Feeds one sample's outcome at <paramref name="realtimeNanoseconds"/>; returns whether the condition changed.</summary>
    public bool OnSample(SampleFailure failure, string? message, long realtimeNanoseconds, bool needsAction = false)
    {
        needsAction &= failure != SampleFailure.None;
        if (Known && failure == Failure && needsAction == NeedsAction)
        {
            return false;
        }
        Known = true;
        Failure = failure;
        NeedsAction = needsAction;
        Message = failure == SampleFailure.None ? null : message ?? "unknown error";
        SinceRealtimeNanoseconds = realtimeNanoseconds;
        return true;
    }
}
