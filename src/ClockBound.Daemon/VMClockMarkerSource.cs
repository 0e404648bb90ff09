using ClockBound.Interop;
using ClockBound.VMClock;

namespace ClockBound.Daemon;

/// <summary>
/// The disruption marker of a VMClock page (<c>/dev/vmclock0</c>, or a file with its layout).
/// A page that cannot be read consistently (seq_count stays odd or keeps changing) fails the read.
/// </summary>
internal sealed unsafe class VMClockMarkerSource : IDisruptionMarkerSource, IDisposable
{
    private readonly VMClockReader _reader;
    private readonly MappedFile _page;

    private VMClockMarkerSource(VMClockReader reader, MappedFile page)
    {
        _reader = reader;
        _page = page;
    }

    /// <inheritdoc />
    public string Description => _reader.Path;

    /// <summary>Opens the page: the reader (which checks magic, version and size) and a second mapping to watch seq_count.</summary>
    /// <exception cref="VMClockException">It cannot be opened or mapped, or it is not a VMClock page.</exception>
    public static VMClockMarkerSource Open(string path)
    {
        VMClockReader reader = VMClockReader.Open(path);
        try
        {
            return new VMClockMarkerSource(reader, MappedFile.MapReadOnly(path, Environment.SystemPageSize));
        }
        catch (SystemCallException e)
        {
            reader.Dispose();
            throw new VMClockException($"cannot map VMClock '{path}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    /// <exception cref="VMClockException">seq_count stays odd or keeps changing.</exception>
    public ulong ReadMarker()
    {
        // VMClockReader hands out its last good snapshot when it cannot read the page consistently
        // (right for a client's hot path). The daemon must notice instead: such a page makes the
        // disruption state Unknown (daemon.md). A fresh snapshot carries the page's current
        // seq_count, a fallback an older one; the second try tells a page that merely changed just
        // after the read from one that stays odd.
        for (int attempt = 0; attempt < 2; attempt++)
        {
            VMClockSnapshot snapshot = _reader.Read();
            if (snapshot.SeqCount == CurrentSeqCount())
            {
                return snapshot.DisruptionMarker;
            }
        }
        throw new VMClockException($"VMClock '{_reader.Path}': seq_count {CurrentSeqCount()} stays odd or keeps changing");
    }

    /// <summary>Unmaps the page.</summary>
    public void Dispose()
    {
        _reader.Dispose();
        _page.Dispose();
    }

    private uint CurrentSeqCount()
    {
        uint raw = Volatile.Read(ref *(uint*)(_page.Pointer + VMClockLayout.SeqCountOffset));
        return BitConverter.IsLittleEndian ? raw : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(raw);
    }
}
