namespace ClockBound.Daemon;

/// <summary>The daemon's fixed time constants (daemon.md), in one place.</summary>
internal static class DaemonTiming
{
    /// <summary>Published <c>void_after</c> = <c>as_of</c> + this.</summary>
    public const long VoidAfterNanoseconds = 1_000 * NanosecondsPerSecond;

    /// <summary>After a failed sample, FreeRunning is fed while the last good <c>as_of</c> is younger than this; then Unknown.</summary>
    public const long FreeRunningGraceNanoseconds = 5 * NanosecondsPerSecond;

    /// <summary>RESET_SOURCES is retried this many times after a failed first attempt.</summary>
    public const int ResetSourcesRetries = 29;

    /// <summary>Between RESET_SOURCES attempts.</summary>
    public const long ResetSourcesRetryDelayNanoseconds = 5 * NanosecondsPerMillisecond;

    /// <summary>BURST is retried this many times after a failed first attempt.</summary>
    public const int BurstRetries = 29;

    /// <summary>Between BURST attempts.</summary>
    public const long BurstRetryDelayNanoseconds = 100 * NanosecondsPerMillisecond;

    /// <summary>After a round of RESET_SOURCES or BURST attempts all failed, the whole reset starts again after this.</summary>
    public const long ResetBackoffNanoseconds = 10 * NanosecondsPerSecond;

    /// <summary>BURST asks every source for this many good samples...</summary>
    public const int BurstGoodSamples = 4;

    /// <summary>...out of at most this many.</summary>
    public const int BurstTotalSamples = 8;

    /// <summary>
    /// After SIGTERM/SIGINT, how long the loop may take to end before the process exits without
    /// it. A healthy loop ends within one chronyd request (1 s timeout) plus a reset slice.
    /// </summary>
    public static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(5);

    /// <summary>Nanoseconds in a second.</summary>
    public const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Nanoseconds in a millisecond.</summary>
    public const long NanosecondsPerMillisecond = 1_000_000;
}
