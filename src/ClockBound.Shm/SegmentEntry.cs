using System.Runtime.Versioning;
using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>What the writer does with what it finds at the segment's path.</summary>
internal enum SegmentEntryAction
{
    /// <summary>Nothing there: create the file.</summary>
    Create,

    /// <summary>A regular file of the daemon's user with one name: reuse it in place (warm restart, or re-initialise).</summary>
    Reuse,

    /// <summary>A regular file that is not only the daemon's: put a new file of its own in its place (rename over it).</summary>
    Replace,

    /// <summary>A link, directory, FIFO, socket or device: touch nothing and refuse.</summary>
    Refuse,
}

/// <summary>
/// Decides what to do with the entry at the segment's path. A file someone else owns could be
/// written (forged) or truncated by them; a file with several hard links is also another name's
/// file. Neither is written: a new file replaces the name, and the other file is left as it was.
/// A link is never followed (it could lead anywhere) and never replaced (it is someone's setup).
/// </summary>
[SupportedOSPlatform("linux")]
internal static class SegmentEntry
{
    /// <summary>The action for <paramref name="entry"/> (null: nothing there), and why when it is not Create or Reuse.</summary>
    public static (SegmentEntryAction Action, string? Reason) Decide(in FileStatus? entry, uint euid) => entry switch
    {
        null => (SegmentEntryAction.Create, null),
        { Kind: FileKind.Regular, OwnerId: var owner } when owner != euid =>
            (SegmentEntryAction.Replace, $"it was owned by uid {owner}, not by the daemon's user (uid {euid})"),
        { Kind: FileKind.Regular, LinkCount: > 1 } =>
            (SegmentEntryAction.Replace, $"it had {entry.Value.LinkCount} hard links, so it was also another file"),
        { Kind: FileKind.Regular } => (SegmentEntryAction.Reuse, null),
        { Kind: FileKind.SymbolicLink } =>
            (SegmentEntryAction.Refuse, "is a symbolic link; the daemon never follows a link at the segment's path, since it could lead to any file"),
        { Kind: var kind } => (SegmentEntryAction.Refuse, $"is not a regular file but a {Describe(kind)}"),
    };

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "directory",
        FileKind.CharacterDevice => "character device",
        FileKind.Fifo => "FIFO",
        FileKind.Socket => "socket",
        _ => "special file",
    };
}
