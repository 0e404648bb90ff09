using ClockBound.Interop;
using ClockBound.Shm;

namespace ClockBound.Ctl;

/// <summary>What one look at a segment found: its body and the version its header declares.</summary>
/// <param name="Value">The consistent snapshot.</param>
/// <param name="Version">1 or 2.</param>
internal readonly record struct SegmentSnapshot(ClockErrorBound Value, int Version);

/// <summary>
/// The commands' only contact with the client library and the segment reader (both are being
/// reshaped): a reading as a client sees it, a raw snapshot, and the header's generation.
/// Every call opens the segment afresh and closes it, so a file the daemon replaced is seen.
/// </summary>
internal static class SegmentAccess
{
    /// <summary>A reading exactly as an application using the client library gets it now.</summary>
    /// <exception cref="ClockBoundException">The segment cannot be read.</exception>
    public static ClockBoundNow ReadNow(string path)
    {
        using ClockBoundClient client = ClockBoundClient.Open(path);
        return client.Now();
    }

    /// <summary>The segment's body as the daemon published it (no staleness rule applied).</summary>
    /// <exception cref="ClockBoundException">The segment cannot be read.</exception>
    public static SegmentSnapshot ReadSnapshot(string path)
    {
        using SegmentReader reader = SegmentReader.Open(path);
        ClockErrorBound value = reader.ReadFresh();
        return new SegmentSnapshot(value, reader.Version);
    }

    /// <summary>
    /// The header's generation (the seqlock counter the daemon bumps on every write), or null when
    /// it cannot be read. A plain read of the file sees the same page the writer's mapping changes.
    /// </summary>
    public static ushort? ReadGeneration(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            Span<byte> header = stackalloc byte[SegmentLayout.HeaderSize];
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                return null;
            }
            return BitConverter.ToUInt16(header[SegmentLayout.GenerationOffset..]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>CLOCK_MONOTONIC_COARSE now: the clock of a segment's as_of and void_after.</summary>
    public static long MonotonicNow() => Clocks.MonotonicCoarseNanoseconds();
}
