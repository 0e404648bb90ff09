using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace ClockBound.TestSupport;

/// <summary>
/// An emulated VMClock device: a regular file with the ABI version 1 layout of the VMClock page
/// (magic 0x4B4C4356 little-endian, size 104, version 1, seq_count at 12, disruption_marker at
/// 16, clock_status synchronized), which the daemon and clients map as they map /dev/vmclock0.
/// Changes follow the hypervisor's protocol: seq_count made odd, the field written, seq_count
/// made even again. The static <see cref="Write"/> and <see cref="SetMarker"/> do the same for
/// tests that only name the path.
/// </summary>
public sealed class VMClockFile
{
    /// <summary>The structure size written (the minimum of ABI version 1).</summary>
    public const int Size = 104;

    /// <summary>The magic, "VCLK" read as a little-endian u32.</summary>
    public const uint Magic = 0x4B4C4356;

    private const int SeqCountOffset = 12;
    private const int DisruptionMarkerOffset = 16;
    private const int ClockStatusOffset = 34;
    private const byte ClockStatusSynchronized = 2;

    private readonly Lock _gate = new();
    private uint _seqCount;
    private ulong _disruptionMarker;

    /// <summary>
    /// Creates (or overwrites) <paramref name="path"/> as a consistent page with
    /// <paramref name="disruptionMarker"/>; <paramref name="magic"/> and <paramref name="version"/>
    /// make a page that is not a VMClock one.
    /// </summary>
    public VMClockFile(string path, ulong disruptionMarker, uint magic = Magic, ushort version = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        const uint initialSeqCount = 2; // even: the page is consistent
        byte[] page = new byte[Size];
        WritePage(page, disruptionMarker, initialSeqCount, magic, version);
        File.WriteAllBytes(path, page);
        Path = path;
        _seqCount = initialSeqCount;
        _disruptionMarker = disruptionMarker;
    }

    /// <summary>The file's path: what <c>--vmclock-path</c> and a client's VMClock path name.</summary>
    public string Path { get; }

    /// <summary>The disruption marker last written.</summary>
    public ulong DisruptionMarker
    {
        get
        {
            lock (_gate)
            {
                return _disruptionMarker;
            }
        }
    }

    /// <summary>The seq_count last written (even unless <see cref="HoldSeqCountOdd"/> was called).</summary>
    public uint SeqCount
    {
        get
        {
            lock (_gate)
            {
                return _seqCount;
            }
        }
    }

    /// <summary>Creates (or overwrites) <paramref name="path"/> as a consistent page with <paramref name="disruptionMarker"/>.</summary>
    public static VMClockFile Create(string path, ulong disruptionMarker) => new(path, disruptionMarker);

    /// <summary>
    /// Writes a whole 4096-byte page to <paramref name="path"/> with <paramref name="marker"/>,
    /// <paramref name="seqCount"/> and <paramref name="magic"/> (another magic: not a VMClock page).
    /// </summary>
    public static void Write(string path, ulong marker, uint seqCount = 2, uint magic = Magic)
    {
        byte[] page = new byte[4096];
        WritePage(page, marker, seqCount, magic, version: 1);
        File.WriteAllBytes(path, page);
    }

    /// <summary>
    /// Changes the marker of the page at <paramref name="path"/> in place, as after a migration:
    /// seq_count made odd, the marker written, seq_count even again (2 past where it was).
    /// </summary>
    public static void SetMarker(string path, ulong marker)
    {
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        Span<byte> bytes = stackalloc byte[8];
        RandomAccess.Read(file, bytes[..4], SeqCountOffset);
        uint before = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        WriteUInt32(file, SeqCountOffset, before + 1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, marker);
        RandomAccess.Write(file, bytes, DisruptionMarkerOffset);
        WriteUInt32(file, SeqCountOffset, before + 2);
    }

    /// <summary>
    /// What a live migration or a snapshot restore does to the page: a new disruption marker,
    /// written while seq_count is odd. Readers racing with it retry or see the old or the new
    /// marker, never a torn one.
    /// </summary>
    public void SetDisruptionMarker(ulong marker)
    {
        lock (_gate)
        {
            using SafeFileHandle file = File.OpenHandle(Path, FileMode.Open, FileAccess.ReadWrite);
            WriteSeqCount(file, _seqCount | 1); // odd: update in progress
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, marker);
            RandomAccess.Write(file, bytes, DisruptionMarkerOffset);
            WriteSeqCount(file, (_seqCount | 1) + 1); // even again, and different from before
            _disruptionMarker = marker;
        }
    }

    /// <summary>
    /// Advances seq_count by one, as a hypervisor does at the start and at the end of an update:
    /// from even it leaves it odd (an update in progress, or one stopped midway); called again, the
    /// update completes with nothing changed.
    /// </summary>
    public void HoldSeqCountOdd()
    {
        lock (_gate)
        {
            using SafeFileHandle file = File.OpenHandle(Path, FileMode.Open, FileAccess.ReadWrite);
            WriteSeqCount(file, _seqCount + 1);
        }
    }

    // Under _gate.
    private void WriteSeqCount(SafeFileHandle file, uint value)
    {
        WriteUInt32(file, SeqCountOffset, value);
        _seqCount = value;
    }

    private static void WriteUInt32(SafeFileHandle file, long offset, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        RandomAccess.Write(file, bytes, offset);
    }

    private static void WritePage(Span<byte> page, ulong marker, uint seqCount, uint magic, ushort version)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(page, magic);
        BinaryPrimitives.WriteUInt32LittleEndian(page[4..], Size);
        BinaryPrimitives.WriteUInt16LittleEndian(page[8..], version);
        page[10] = 0; // counter_id: x86 TSC
        page[11] = 0; // time_type: UTC
        BinaryPrimitives.WriteUInt32LittleEndian(page[SeqCountOffset..], seqCount);
        BinaryPrimitives.WriteUInt64LittleEndian(page[DisruptionMarkerOffset..], marker);
        page[ClockStatusOffset] = ClockStatusSynchronized;
    }
}
