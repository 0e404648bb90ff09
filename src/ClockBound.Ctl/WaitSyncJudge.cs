using ClockBound.Shm;

namespace ClockBound.Ctl;

/// <summary>What one look at the segment means for <c>waitsync</c>.</summary>
internal enum WaitSyncVerdict
{
    /// <summary>Synchronized, and within <c>--max-bound</c>: exit 0.</summary>
    Done,

    /// <summary>Not yet: look again until the timeout.</summary>
    Waiting,

    /// <summary>Waiting cannot succeed: exit 2.</summary>
    Fatal,
}

/// <summary><c>waitsync</c>'s judgement of one reading or one error, with the words for it. Pure.</summary>
internal static class WaitSyncJudge
{
    private const int NoSuchFile = 2;   // ENOENT
    private const int AccessDenied = 13; // EACCES
    private const int NotPermitted = 1; // EPERM

    /// <summary>Done when the reading is Synchronized and its bound within <paramref name="maxBoundNanoseconds"/>; otherwise Waiting, with why.</summary>
    public static WaitSyncVerdict Judge(ClockBoundNow now, long? maxBoundNanoseconds, out string reason)
    {
        string bound = HumanDuration.FormatCeiling(now.BoundNanoseconds);
        if (now.Status != ClockStatus.Synchronized)
        {
            reason = $"the clock is {NowFormatter.StatusName(now.Status)} (bound {bound})";
            return WaitSyncVerdict.Waiting;
        }
        if (maxBoundNanoseconds is long max && now.BoundNanoseconds > max)
        {
            reason = $"the clock is Synchronized but its bound {bound} is wider than --max-bound {HumanDuration.FormatCeiling(max)}";
            return WaitSyncVerdict.Waiting;
        }
        reason = $"Synchronized, bound {bound}";
        return WaitSyncVerdict.Done;
    }

    /// <summary>
    /// Waiting for what the daemon fixes by itself as it starts: no file yet (or no directory), a
    /// file not initialised yet, a snapshot from before a reboot (causality breach, until the
    /// first write). Fatal for what it never fixes: no permission, a malformed or foreign segment.
    /// </summary>
    public static WaitSyncVerdict Judge(ClockBoundException error, string segmentPath, out string reason)
    {
        ArgumentNullException.ThrowIfNull(error);
        switch (error.Kind)
        {
            case ClockBoundErrorKind.SystemCallFailed when error.Errno == NoSuchFile:
                reason = $"there is no segment at {segmentPath} yet: is the clockbound daemon running, with this --shm-path?";
                return WaitSyncVerdict.Waiting;
            case ClockBoundErrorKind.SegmentNotInitialized:
                reason = $"the daemon has not initialised {segmentPath} yet";
                return WaitSyncVerdict.Waiting;
            case ClockBoundErrorKind.CausalityBreach:
                reason = $"{segmentPath} holds data from before this boot; the daemon has not rewritten it yet";
                return WaitSyncVerdict.Waiting;
            case ClockBoundErrorKind.SystemCallFailed when error.Errno is AccessDenied or NotPermitted:
                reason = $"permission denied reading {segmentPath}: the segment must be readable by this user (mode 0644) and its directory searchable; fix the modes or run as the daemon's user";
                return WaitSyncVerdict.Fatal;
            default:
                reason = ErrorText.Describe(error);
                return WaitSyncVerdict.Fatal;
        }
    }
}
