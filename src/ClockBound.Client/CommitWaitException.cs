namespace ClockBound;

/// <summary>
/// A commit wait gave up before its instant had surely passed: the timestamp must not be exposed
/// as committed. <see cref="Reason"/> says why; <see cref="LastReading"/> is the reading it gave up on.
/// </summary>
public sealed class CommitWaitException : Exception
{
    /// <summary>Creates the exception (a real one comes from a commit wait; this is for fakes and tests).</summary>
    /// <param name="reason">Why the wait gave up.</param>
    /// <param name="instant">The instant that had to pass.</param>
    /// <param name="lastReading">The last reading of the clock.</param>
    /// <param name="message">The message; null for one made from the other arguments.</param>
    public CommitWaitException(CommitWaitFailure reason, UnixInstant instant, ClockBoundNow lastReading, string? message = null)
        : base(message ?? Describe(reason, instant, lastReading))
    {
        Reason = reason;
        Instant = instant;
        LastReading = lastReading;
    }

    /// <summary>Why the wait gave up.</summary>
    public CommitWaitFailure Reason { get; }

    /// <summary>The instant that had to pass.</summary>
    public UnixInstant Instant { get; }

    /// <summary>The last reading of the clock before the wait gave up.</summary>
    public ClockBoundNow LastReading { get; }

    private static string Describe(CommitWaitFailure reason, UnixInstant instant, ClockBoundNow last) => reason switch
    {
        CommitWaitFailure.TimedOut when !last.IsReliable =>
            $"commit wait for {instant} gave up at CommitWaitOptions.MaximumWait: the clock status stayed {last.Status} " +
            $"(last reading {last}); check the clockbound daemon and chronyd, or allow a longer MaximumWait",
        CommitWaitFailure.TimedOut =>
            $"commit wait for {instant} gave up at CommitWaitOptions.MaximumWait, " +
            $"{instant.UnixTimeNanoseconds - last.Earliest.UnixTimeNanoseconds + 1} ns before it would have surely passed " +
            $"(last reading {last}); allow a longer MaximumWait, or wait on an earlier instant",
        _ =>
            $"commit wait for {instant} failed fast: the clock status is {last.Status} (last reading {last}), so no " +
            "interval can prove the instant has passed; retry once the daemon reports Synchronized or FreeRunning, " +
            "or turn CommitWaitOptions.FailFastOnUnreliableStatus off to wait for it",
    };
}
