using System.Diagnostics;
using ClockBound.Shm;

namespace ClockBound.Ctl;

/// <summary>Everything <c>status</c> and <c>doctor</c> learn by looking at a segment for a moment.</summary>
/// <param name="Path">The segment.</param>
/// <param name="Snapshot">Its body as published; null when it cannot be read.</param>
/// <param name="Reading">What a client reads now; null when it cannot be read.</param>
/// <param name="Error">Why the segment cannot be read; null when it can.</param>
/// <param name="MonotonicNow">CLOCK_MONOTONIC_COARSE when it was read.</param>
/// <param name="Publishing">True if the generation changed while watched, false if not, null if the header could not be read.</param>
/// <param name="File">The segment file's mode and owner; null with <paramref name="FileError"/>.</param>
/// <param name="FileError">Why the file's mode and owner are unknown.</param>
/// <param name="Directory">The directory's mode and owner; null with <paramref name="DirectoryError"/>.</param>
/// <param name="DirectoryError">Why the directory's mode and owner are unknown.</param>
internal sealed record SegmentFacts(
    string Path,
    SegmentSnapshot? Snapshot,
    ClockBoundNow? Reading,
    string? Error,
    long MonotonicNow,
    bool? Publishing,
    FileFacts? File,
    string? FileError,
    FileFacts? Directory,
    string? DirectoryError)
{
    /// <summary>Longer than the daemon's longest loop (1 s): a running daemon writes within it.</summary>
    public static readonly TimeSpan PublishingWatch = TimeSpan.FromMilliseconds(1200);

    /// <summary>Nanoseconds since the snapshot's as_of (the last good sample); null without a snapshot.</summary>
    public long? DataAgeNanoseconds => Snapshot is { } s ? MonotonicNow - s.Value.AsOfNanoseconds : null;

    /// <summary>Looks at the segment at <paramref name="path"/>: its body, a client's reading, whether it is being written, modes and owners.</summary>
    public static SegmentFacts Gather(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SegmentSnapshot? snapshot = null;
        ClockBoundNow? reading = null;
        string? error = null;
        try
        {
            snapshot = SegmentAccess.ReadSnapshot(path);
            reading = SegmentAccess.ReadNow(path);
        }
        catch (ClockBoundException e)
        {
            error = ErrorText.Describe(e);
        }
        // After the snapshot: read before, a write in between would make the age negative.
        long monotonicNow = SegmentAccess.MonotonicNow();

        FileFacts? file = FileFacts.TryGet(path, out string? fileError);
        string directoryPath = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? "/";
        FileFacts? directory = FileFacts.TryGet(directoryPath, out string? directoryError);
        return new SegmentFacts(path, snapshot, reading, error, monotonicNow, WatchGeneration(path), file, fileError, directory, directoryError);
    }

    /// <summary>Whether the header's generation changes within <see cref="PublishingWatch"/> (returns as soon as it does).</summary>
    private static bool? WatchGeneration(string path)
    {
        ushort? first = SegmentAccess.ReadGeneration(path);
        if (first is null)
        {
            return null;
        }
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < PublishingWatch)
        {
            Thread.Sleep(20);
            if (SegmentAccess.ReadGeneration(path) != first)
            {
                return true;
            }
        }
        return false;
    }
}
