using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace ClockBound.TestSupport;

/// <summary>
/// An emulated VMClock device: a regular file with the ABI version 1 layout of the VMClock page
/// (magic 0x4B4C4356 little-endian, size 104, version 1, seq_count at 12, disruption_marker at
/// 16, clock_status synchronized), which the daemon and clients map as they map /dev/vmclock0.
/// Changes follow the hypervisor's protocol: seq_count made odd, the field written, seq_count
/// made even again.
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

    private VMClockFile(string path, uint seqCount, ulong disruptionMarker)
    {
        Path = path;
        _seqCount = seqCount;
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
    public static VMClockFile Create(string path, ulong disruptionMarker)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        const uint initialSeqCount = 2; // even: the page is consistent
        byte[] page = new byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(0), Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(4), Size);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(8), 1); // version
        page[10] = 0; // counter_id: x86 TSC
        page[11] = 0; // time_type: UTC
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(SeqCountOffset), initialSeqCount);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(DisruptionMarkerOffset), disruptionMarker);
        page[ClockStatusOffset] = ClockStatusSynchronized;
        File.WriteAllBytes(path, page);
        return new VMClockFile(path, initialSeqCount, disruptionMarker);
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

    /// <summary>Leaves seq_count odd, as a hypervisor stopped in the middle of an update would.</summary>
    public void HoldSeqCountOdd()
    {
        lock (_gate)
        {
            using SafeFileHandle file = File.OpenHandle(Path, FileMode.Open, FileAccess.ReadWrite);
            WriteSeqCount(file, _seqCount | 1);
        }
    }

    // Under _gate.
    private void WriteSeqCount(SafeFileHandle file, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        RandomAccess.Write(file, bytes, SeqCountOffset);
        _seqCount = value;
    }
}
