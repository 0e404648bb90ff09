using System.Globalization;
using System.Runtime.Versioning;
using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>
/// The single-writer guard: an exclusive <c>flock</c> on <c>NAME.lock</c> beside the segment, held
/// as long as the writer lives (the kernel drops it when the process ends, however it ends). The
/// lock file holds the owner's pid for operators. It is 0600, so no other user can open it and hold
/// the lock to keep the daemon from starting, and it is never removed (removing a lock file lets
/// two processes each lock a different file).
/// </summary>
[SupportedOSPlatform("linux")]
internal static class SegmentLock
{
    /// <summary>rw-------.</summary>
    public const uint Mode = 0b110_000_000;

    /// <summary>The lock file's name for segment <paramref name="segmentName"/>.</summary>
    public static string NameFor(string segmentName) => segmentName + ".lock";

    /// <summary>Takes the lock for segment <paramref name="segmentName"/> in <paramref name="directory"/>; dispose the result to release it.</summary>
    /// <exception cref="SegmentInUseException">Another process holds it.</exception>
    /// <exception cref="SegmentPathException">The lock file is a link, not a regular file, or not the daemon user's own.</exception>
    /// <exception cref="SystemCallException">The lock file cannot be opened, created or locked.</exception>
    public static FileHandle Acquire(DirectoryHandle directory, string segmentName)
    {
        string name = NameFor(segmentName);
        string path = directory.Child(name);
        uint euid = ProcessIdentity.EffectiveUserId;
        if (directory.StatusOf(name) is FileStatus existing && Problem(existing, euid) is string problem)
        {
            throw new SegmentPathException($"the lock file {path} {problem}");
        }
        FileHandle file = directory.OpenOrCreateFile(name, Mode);
        try
        {
            FileStatus status = file.Status();
            if (Problem(status, euid) is string raced)
            {
                throw new SegmentPathException($"the lock file {path} {raced}");
            }
            if (!file.TryLockExclusive())
            {
                throw new SegmentInUseException(directory.Child(segmentName), path, FlockHolder(status));
            }
            file.SetPermissions(Mode);
            file.ReplaceContents(System.Text.Encoding.ASCII.GetBytes(
                Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static string? Problem(in FileStatus file, uint euid) => file switch
    {
        { Kind: not FileKind.Regular } => $"is not a regular file ({file.Kind}). Fix: remove it",
        { OwnerId: var owner } when owner != euid => $"is owned by uid {owner}, not by the daemon's user (uid {euid}). Fix: remove it",
        { LinkCount: > 1 } => $"has {file.LinkCount} hard links (it is another file too). Fix: remove it",
        _ => null,
    };

    private static int? FlockHolder(in FileStatus file)
    {
        try
        {
            return ProcLocks.FindExclusiveFlockHolder(File.ReadAllText("/proc/locks"), file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the refusal stands; only the pid is missing from its message
        }
    }
}
