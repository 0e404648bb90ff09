using System.Buffers.Binary;

namespace ClockBound.Client.Tests;

/// <summary>
/// A regular file with the VMClock page layout (vmclock.md), standing in for /dev/vmclock0:
/// magic 0x4B4C4356, size 104, version 1, seq_count at 12, disruption_marker at 16.
/// Updates follow the hypervisor's protocol: seq_count odd, the new marker, seq_count even.
/// </summary>
internal sealed class VMClockFile
{
    public const int Size = 104;

    private uint _seqCount;

    public VMClockFile(string path, ulong disruptionMarker, uint magic = 0x4B4C4356, ushort version = 1)
    {
        Path = path;
        byte[] page = new byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(0), magic);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(4), Size);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(8), version);
        page[10] = 0; // counter_id: x86 TSC
        page[11] = 0; // time_type: UTC
        _seqCount = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(12), _seqCount);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(16), disruptionMarker);
        page[34] = 2; // clock_status: synchronized
        System.IO.File.WriteAllBytes(path, page);
    }

    public string Path { get; }

    /// <summary>What a live migration does: a new marker under the sequence counter.</summary>
    public void SetDisruptionMarker(ulong marker)
    {
        using var file = System.IO.File.OpenHandle(Path, FileMode.Open, FileAccess.ReadWrite);
        WriteUInt32(file, 12, ++_seqCount);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, marker);
        RandomAccess.Write(file, bytes, 16);
        WriteUInt32(file, 12, ++_seqCount);
    }

    /// <summary>Leaves seq_count odd, as a hypervisor that died mid-update would.</summary>
    public void HoldSeqCountOdd()
    {
        using var file = System.IO.File.OpenHandle(Path, FileMode.Open, FileAccess.ReadWrite);
        WriteUInt32(file, 12, ++_seqCount);
    }

    private static void WriteUInt32(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        RandomAccess.Write(file, bytes, offset);
    }
}
