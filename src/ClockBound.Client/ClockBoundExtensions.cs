using ClockBound.Client;

namespace ClockBound;

/// <summary>
/// TrueTime-style questions for any <see cref="IClockBound"/>: has an instant surely passed, is it
/// surely still to come, and "commit wait" (wait until an instant has surely passed).
/// </summary>
/// <remarks>
/// Only <see cref="ClockStatus.Synchronized"/> and <see cref="ClockStatus.FreeRunning"/> give an
/// interval to rely on. With <see cref="ClockStatus.Unknown"/> or <see cref="ClockStatus.Disrupted"/>
/// the "surely" questions answer false and a commit wait keeps waiting, polling every
/// <see cref="CommitWaitPollInterval"/>, until the clock is reliable again, it is cancelled, or
/// <see cref="CommitWaitOptions"/> say to give up (<see cref="CommitWaitException"/>).
/// Errors from <see cref="IClockBound.Now"/> propagate.
/// </remarks>
public static class ClockBoundExtensions
{
    /// <summary>How long a commit wait sleeps between readings while the status is not reliable (and it does not fail fast).</summary>
    public static readonly TimeSpan CommitWaitPollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The longest single sleep of a commit wait: the interval is read again at least this often,
    /// so a clock correction or a status change during a long wait is noticed.
    /// </summary>
    public static readonly TimeSpan CommitWaitMaxSleep = TimeSpan.FromSeconds(1);

    private const long NanosecondsPerMillisecond = 1_000_000;

    /// <summary>
    /// Whether <paramref name="instant"/> has surely passed: the clock is reliable and its earliest
    /// possible time is after it. False when the status is not reliable.
    /// </summary>
    /// <exception cref="ClockBoundException">The clock cannot be read.</exception>
    public static bool HasSurelyPassed(this IClockBound clock, UnixInstant instant)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock.Now().HasSurelyPassed(instant);
    }

    /// <summary>
    /// Whether <paramref name="instant"/> is surely still in the future: the clock is reliable and
    /// its latest possible time is before it. False when the status is not reliable.
    /// </summary>
    /// <exception cref="ClockBoundException">The clock cannot be read.</exception>
    public static bool IsSurelyInFuture(this IClockBound clock, UnixInstant instant)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock.Now().IsSurelyInFuture(instant);
    }

    /// <summary>Commit wait with the default options: <see cref="CommitWaitAsync(IClockBound, UnixInstant, CommitWaitOptions?, CancellationToken)"/>.</summary>
    /// <param name="clock">The clock.</param>
    /// <param name="instant">The instant that must have passed, e.g. a transaction's commit timestamp (its latest).</param>
    /// <param name="cancellationToken">Stops the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ClockBoundException">The clock cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ValueTask<ClockBoundNow> CommitWaitAsync(this IClockBound clock, UnixInstant instant,
        CancellationToken cancellationToken = default) => CommitWaitAsync(clock, instant, null, cancellationToken);

    /// <summary>
    /// Commit wait: completes once <paramref name="instant"/> has surely passed (a reading with a
    /// reliable status whose earliest is after it), with the reading that proved it. Sleeps the bulk
    /// of the wait (on a shared timer thread, precisely) and spins the last
    /// <see cref="CommitWaitOptions.SpinThreshold"/> on a thread-pool thread; a wait that needs no
    /// sleep spins on the calling thread and completes synchronously, allocating nothing.
    /// </summary>
    /// <param name="clock">The clock.</param>
    /// <param name="instant">The instant that must have passed, e.g. a transaction's commit timestamp (its latest).</param>
    /// <param name="options">How to wait and when to give up; null for the defaults (no limit, wait through an unreliable status).</param>
    /// <param name="cancellationToken">Stops the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="CommitWaitException">
    /// The wait gave up (see <see cref="CommitWaitException.Reason"/>): <see cref="CommitWaitOptions.MaximumWait"/>
    /// passed, or the status was unreliable with <see cref="CommitWaitOptions.FailFastOnUnreliableStatus"/>.
    /// </exception>
    /// <exception cref="ClockBoundException">The clock cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ValueTask<ClockBoundNow> CommitWaitAsync(this IClockBound clock, UnixInstant instant,
        CommitWaitOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return CommitWaitRun.WaitAsync(clock, instant, options ?? CommitWaitOptions.Default, cancellationToken);
    }

    /// <summary>Blocking commit wait with the default options: <see cref="CommitWait(IClockBound, UnixInstant, CommitWaitOptions?, CancellationToken)"/>.</summary>
    /// <param name="clock">The clock.</param>
    /// <param name="instant">The instant that must have passed.</param>
    /// <param name="cancellationToken">Stops the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ClockBoundException">The clock cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ClockBoundNow CommitWait(this IClockBound clock, UnixInstant instant,
        CancellationToken cancellationToken = default) => CommitWait(clock, instant, null, cancellationToken);

    /// <summary>
    /// Commit wait that blocks the calling thread: returns once <paramref name="instant"/> has surely
    /// passed, with the reading that proved it. Sleeps (clock_nanosleep) and spins like
    /// <see cref="CommitWaitAsync(IClockBound, UnixInstant, CommitWaitOptions?, CancellationToken)"/>;
    /// allocates nothing (with a cancellable token, the token's wait handle is created once).
    /// </summary>
    /// <param name="clock">The clock.</param>
    /// <param name="instant">The instant that must have passed.</param>
    /// <param name="options">How to wait and when to give up; null for the defaults (no limit, wait through an unreliable status).</param>
    /// <param name="cancellationToken">Stops the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="CommitWaitException">
    /// The wait gave up (see <see cref="CommitWaitException.Reason"/>): <see cref="CommitWaitOptions.MaximumWait"/>
    /// passed, or the status was unreliable with <see cref="CommitWaitOptions.FailFastOnUnreliableStatus"/>.
    /// </exception>
    /// <exception cref="ClockBoundException">The clock cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ClockBoundNow CommitWait(this IClockBound clock, UnixInstant instant,
        CommitWaitOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return CommitWaitRun.Wait(clock, instant, options ?? CommitWaitOptions.Default, cancellationToken);
    }

    /// <summary>
    /// How long to sleep on timers alone (no spinning) before the next reading: the time until earliest
    /// would pass <paramref name="instant"/>, in whole milliseconds rounded up (timers truncate shorter
    /// waits to zero, which would spin), capped; the poll interval while the interval is not reliable.
    /// </summary>
    internal static TimeSpan NextSleep(in ClockBoundNow now, UnixInstant instant)
    {
        if (!now.IsReliable)
        {
            return CommitWaitPollInterval;
        }
        // earliest <= instant here, so the unsigned difference is exact; one more ns makes earliest > instant.
        ulong remaining = (ulong)(instant.UnixTimeNanoseconds - now.Earliest.UnixTimeNanoseconds);
        if (remaining >= (ulong)CommitWaitMaxSleep.Ticks * 100)
        {
            return CommitWaitMaxSleep;
        }
        ulong milliseconds = (remaining + NanosecondsPerMillisecond) / NanosecondsPerMillisecond;
        return TimeSpan.FromMilliseconds((long)milliseconds);
    }
}
