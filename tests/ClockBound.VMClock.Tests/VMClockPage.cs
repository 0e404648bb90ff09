using System.Buffers.Binary;

namespace ClockBound.VMClock.Tests;

/// <summary>
/// Builds a file with the vmclock ABI layout (spec: vmclock.md), the stand-in for /dev/vmclock0
/// on machines without the device, and edits it in place as the hypervisor would.
/// </summary>
internal sealed class VMClockPage
{
    public uint Magic { get; init; } = 0x4B4C4356; // "VCLK"
    public uint Size { get; init; } = 104;
    public ushort Version { get; init; } = 1;
    public uint SeqCount { get; init; } = 2;
    public ulong DisruptionMarker { get; init; } = 0x1122334455667788;
    public ulong Flags { get; init; } = 0b0110_0000; // time esterror and maxerror valid
    public byte ClockStatus { get; init; } = 2;       // synchronized
    public int FileLength { get; init; } = 4096;

    public byte[] ToBytes()
    {
        var bytes = new byte[FileLength];
        Span<byte> page = bytes;
        // Fields are written only where the file has room, so a short file stays short.
        Put(page, 0, b => BinaryPrimitives.WriteUInt32LittleEndian(b, Magic), 4);
        Put(page, 4, b => BinaryPrimitives.WriteUInt32LittleEndian(b, Size), 4);
        Put(page, 8, b => BinaryPrimitives.WriteUInt16LittleEndian(b, Version), 2);
        Put(page, 10, b => b[0] = 0, 1);    // counter_id: x86 TSC
        Put(page, 11, b => b[0] = 0, 1);    // time_type: UTC
        Put(page, 12, b => BinaryPrimitives.WriteUInt32LittleEndian(b, SeqCount), 4);
        Put(page, 16, b => BinaryPrimitives.WriteUInt64LittleEndian(b, DisruptionMarker), 8);
        Put(page, 24, b => BinaryPrimitives.WriteUInt64LittleEndian(b, Flags), 8);
        Put(page, 34, b => b[0] = ClockStatus, 1);
        Put(page, 36, b => BinaryPrimitives.WriteInt16LittleEndian(b, 37), 2);                      // tai_offset_sec
        Put(page, 72, b => BinaryPrimitives.WriteUInt64LittleEndian(b, 1_700_000_000), 8);          // time_sec
        Put(page, 88, b => BinaryPrimitives.WriteUInt64LittleEndian(b, 1_000), 8);                  // time_esterror_nanosec
        Put(page, 96, b => BinaryPrimitives.WriteUInt64LittleEndian(b, 5_000), 8);                  // time_maxerror_nanosec
        return bytes;
    }

    public string WriteTo(string path)
    {
        File.WriteAllBytes(path, ToBytes());
        return path;
    }

    private static void Put(Span<byte> page, int offset, SpanAction write, int size)
    {
        if (offset + size <= page.Length)
        {
            write(page.Slice(offset, size));
        }
    }

    private delegate void SpanAction(Span<byte> bytes);

    public static void PokeSeqCount(string path, uint seqCount)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, seqCount);
        Poke(path, 12, bytes);
    }

    public static void PokeMarker(string path, ulong marker)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, marker);
        Poke(path, 16, bytes);
    }

    private static void Poke(string path, int offset, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Seek(offset, SeekOrigin.Begin);
        stream.Write(bytes);
    }
}
