namespace ClockBound.Client;

/// <summary>
/// The decision of a commit wait after each reading, as pure arithmetic: done (and only when the
/// reading proves the instant surely passed), fail, spin, or sleep for how long.
/// </summary>
internal static class CommitWaitPlan
{
    private const long NanosecondsPerMillisecond = 1_000_000;

    /// <summary>No maximum wait: the deadline never comes.</summary>
    public const long NoDeadline = long.MaxValue;

    /// <summary>
    /// The next step after <paramref name="now"/>. Sleeps are whole milliseconds, the granularity of
    /// Thread.Sleep and of .NET's timers (shorter ones truncate to zero), and end at least
    /// <paramref name="spinThresholdNanoseconds"/> before earliest passes <paramref name="instant"/>
    /// (when the clock advances as read); the rest is spun.
    /// </summary>
    /// <param name="now">The reading just taken.</param>
    /// <param name="instant">The instant that must surely pass.</param>
    /// <param name="spinThresholdNanoseconds">How close to the end sleeping stops; not negative.</param>
    /// <param name="failFastOnUnreliable">Fail at once on an unreliable status instead of polling.</param>
    /// <param name="untilDeadlineNanoseconds">Time left before the maximum wait passes (zero or less: it has), or <see cref="NoDeadline"/>.</param>
    /// <param name="timersOnly">
    /// Time may move only through the timers (a fake time provider): never spin, sleep the whole
    /// remaining time rounded up (<see cref="ClockBoundExtensions.NextSleep"/>).
    /// </param>
    /// <param name="sleep">For <see cref="CommitWaitStep.Sleep"/>: how long; zero otherwise.</param>
    public static CommitWaitStep Next(in ClockBoundNow now, UnixInstant instant, long spinThresholdNanoseconds,
        bool failFastOnUnreliable, long untilDeadlineNanoseconds, bool timersOnly, out TimeSpan sleep)
    {
        sleep = TimeSpan.Zero;
        if (now.HasSurelyPassed(instant))
        {
            return CommitWaitStep.Done;
        }
        if (!now.IsReliable && failFastOnUnreliable)
        {
            return CommitWaitStep.FailNotReliable;
        }
        if (untilDeadlineNanoseconds <= 0)
        {
            return CommitWaitStep.FailTimedOut;
        }
        if (!now.IsReliable || timersOnly)
        {
            sleep = Min(ClockBoundExtensions.NextSleep(now, instant), untilDeadlineNanoseconds);
            return CommitWaitStep.Sleep;
        }
        // Reliable and earliest <= instant: the unsigned difference is exact; one more ns makes earliest > instant.
        ulong remaining = (ulong)(instant.UnixTimeNanoseconds - now.Earliest.UnixTimeNanoseconds);
        ulong threshold = (ulong)spinThresholdNanoseconds;
        if (remaining < threshold)
        {
            return CommitWaitStep.Spin;
        }
        ulong beforeThreshold = remaining - threshold; // + 1 ns: the time until earliest passes, minus the threshold
        ulong maxSleep = (ulong)ClockBoundExtensions.CommitWaitMaxSleep.Ticks * 100;
        if (beforeThreshold >= maxSleep)
        {
            sleep = Min(ClockBoundExtensions.CommitWaitMaxSleep, untilDeadlineNanoseconds);
            return CommitWaitStep.Sleep;
        }
        long milliseconds = (long)((beforeThreshold + 1) / NanosecondsPerMillisecond);
        if (milliseconds == 0)
        {
            return CommitWaitStep.Spin;
        }
        sleep = Min(TimeSpan.FromMilliseconds(milliseconds), untilDeadlineNanoseconds);
        return CommitWaitStep.Sleep;
    }

    /// <summary>The sleep, cut to end at the deadline (rounded up to a whole millisecond, so the deadline is reached).</summary>
    private static TimeSpan Min(TimeSpan sleep, long untilDeadlineNanoseconds)
    {
        if (untilDeadlineNanoseconds == NoDeadline || untilDeadlineNanoseconds >= sleep.Ticks * 100)
        {
            return sleep;
        }
        long milliseconds = (untilDeadlineNanoseconds + NanosecondsPerMillisecond - 1) / NanosecondsPerMillisecond;
        return TimeSpan.FromMilliseconds(milliseconds);
    }
}
