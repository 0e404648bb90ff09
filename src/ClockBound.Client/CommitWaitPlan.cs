namespace ClockBound.Client;

/// <summary>
/// The decision of a commit wait after each reading, as pure arithmetic: done (and only when the
/// reading proves the instant surely passed), fail, spin, or sleep for how long.
/// </summary>
internal static class CommitWaitPlan
{
    /// <summary>
    /// The shortest sleep of the system's clock: 50 µs, the kernel's default timer slack, by which a
    /// sleep may end late anyway. Less than this to go before the threshold is spun.
    /// </summary>
    public const long MinSleepNanoseconds = 50_000;

    /// <summary>No maximum wait: the deadline never comes.</summary>
    public const long NoDeadline = long.MaxValue;

    /// <summary>
    /// The next step after <paramref name="now"/>. Sleeps of the system's clock (precise, see
    /// <see cref="Interop.PreciseSleep"/>) end at least <paramref name="spinThresholdNanoseconds"/>
    /// before earliest passes <paramref name="instant"/> (when the clock advances as read); the rest
    /// is spun. On timers alone, and while the status is unreliable, sleeps are whole milliseconds.
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
        long sleepNanoseconds = (long)beforeThreshold + 1;
        if (sleepNanoseconds < MinSleepNanoseconds)
        {
            return CommitWaitStep.Spin;
        }
        sleep = Min(TimeSpan.FromTicks(sleepNanoseconds / 100), untilDeadlineNanoseconds); // floored: never past the threshold
        return CommitWaitStep.Sleep;
    }

    /// <summary>The sleep, cut to end at the deadline (rounded up to a 100-ns tick, so the deadline is reached).</summary>
    private static TimeSpan Min(TimeSpan sleep, long untilDeadlineNanoseconds)
    {
        if (untilDeadlineNanoseconds == NoDeadline || untilDeadlineNanoseconds >= sleep.Ticks * 100)
        {
            return sleep;
        }
        return TimeSpan.FromTicks((untilDeadlineNanoseconds + 99) / 100);
    }
}
