namespace ClockBound.Shm;

/// <summary>Another process (another daemon) holds the segment's lock: there must be a single writer.</summary>
internal sealed class SegmentInUseException : IOException
{
    /// <summary>Creates the exception for <paramref name="segmentPath"/>, whose lock <paramref name="lockPath"/> is held by <paramref name="holderPid"/>.</summary>
    public SegmentInUseException(string segmentPath, string lockPath, int? holderPid)
        : base(Describe(segmentPath, lockPath, holderPid))
    {
        HolderPid = holderPid;
        LockPath = lockPath;
    }

    /// <summary>The process holding the lock, when the kernel told (from <c>/proc/locks</c>).</summary>
    public int? HolderPid { get; }

    /// <summary>The lock file beside the segment.</summary>
    public string LockPath { get; }

    private static string Describe(string segmentPath, string lockPath, int? pid)
    {
        string holder = pid is int p ? $"process {p}" : "another process";
        return $"{segmentPath} is already published by {holder}, which holds the lock {lockPath}; "
            + "two writers would overwrite each other's status. Stop that daemon first, or give this one other segment paths (--shm-path, --shm-v1-path)";
    }
}
