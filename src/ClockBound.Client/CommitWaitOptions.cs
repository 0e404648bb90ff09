namespace ClockBound;

/// <summary>
/// How a commit wait (<see cref="ClockBoundExtensions.CommitWait(IClockBound, UnixInstant, CommitWaitOptions?, CancellationToken)"/>,
/// <see cref="ClockBoundExtensions.CommitWaitAsync(IClockBound, UnixInstant, CommitWaitOptions?, CancellationToken)"/>)
/// waits and when it gives up. Immutable once made: create one and share it.
/// </summary>
/// <remarks>
/// The defaults wait as long as it takes, also through an unreliable status, and spin the last
/// <see cref="DefaultSpinThreshold"/>.
/// </remarks>
public sealed class CommitWaitOptions
{
    /// <summary>The default <see cref="SpinThreshold"/>: 200 µs, above the usual lateness of a 1 ms sleep on Linux.</summary>
    public static readonly TimeSpan DefaultSpinThreshold = TimeSpan.FromMicroseconds(200);

    /// <summary>The largest <see cref="SpinThreshold"/> accepted: 100 ms (beyond that, spinning only burns a core).</summary>
    public static readonly TimeSpan MaxSpinThreshold = TimeSpan.FromMilliseconds(100);

    /// <summary>The options used when none are given: every property at its default.</summary>
    internal static readonly CommitWaitOptions Default = new();

    /// <summary>
    /// How long the wait may take before it fails with a <see cref="CommitWaitException"/> of reason
    /// <see cref="CommitWaitFailure.TimedOut"/>; <see cref="Timeout.InfiniteTimeSpan"/> (the default) for no limit.
    /// Measured on <see cref="TimeProvider"/>'s monotonic timestamps from the call; the wait gives up
    /// at the first reading at or after it (within about a millisecond).
    /// <see cref="TimeSpan.Zero"/> reads the clock once: the instant has surely passed, or the wait fails.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative and not <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public TimeSpan MaximumWait
    {
        get;
        init
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(MaximumWait), value,
                    "MaximumWait must be zero or more, or Timeout.InfiniteTimeSpan for no limit");
            }
            field = value;
        }
    } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// When true, a reading with an unreliable status (<see cref="ClockStatus.Unknown"/> or
    /// <see cref="ClockStatus.Disrupted"/>) fails the wait at once with a <see cref="CommitWaitException"/>
    /// of reason <see cref="CommitWaitFailure.ClockNotReliable"/>. When false (the default), the wait
    /// reads the clock again every <see cref="ClockBoundExtensions.CommitWaitPollInterval"/> until the
    /// status is reliable again (or <see cref="MaximumWait"/> passes).
    /// </summary>
    public bool FailFastOnUnreliableStatus { get; init; }

    /// <summary>
    /// How close to the end of the wait sleeping stops and spinning (re-reading the clock on this
    /// thread) starts. A wait that needs at most this long (plus 50 µs, the shortest sleep worth
    /// taking) spins all of it; a longer one sleeps precisely until this long before the end and
    /// spins the rest. Larger: fewer late returns when a sleep wakes late (timer slack, a loaded
    /// machine), more CPU. Zero: sleep to the end (a return is then late by the sleep's lateness,
    /// typically 50–100 µs). Default <see cref="DefaultSpinThreshold"/>. Ignored with a
    /// <see cref="TimeProvider"/> other than <see cref="System.TimeProvider.System"/>, whose time may
    /// move only through its timers: the wait then only sleeps on them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, or above <see cref="MaxSpinThreshold"/>.</exception>
    public TimeSpan SpinThreshold
    {
        get;
        init
        {
            if (value < TimeSpan.Zero || value > MaxSpinThreshold)
            {
                throw new ArgumentOutOfRangeException(nameof(SpinThreshold), value,
                    $"SpinThreshold must lie between zero and {MaxSpinThreshold.TotalMilliseconds} ms");
            }
            field = value;
        }
    } = DefaultSpinThreshold;

    /// <summary>
    /// What sleeps and measures <see cref="MaximumWait"/>: <see cref="System.TimeProvider.System"/>
    /// when null (the default). Give a fake one (e.g. a FakeTimeProvider, the one a FakeClockBound runs on)
    /// to test without real sleeping; the wait then sleeps on its timers only (no spinning).
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }
}
