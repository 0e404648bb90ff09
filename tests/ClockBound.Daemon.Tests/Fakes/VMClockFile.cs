using System.Buffers.Binary;

namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>A regular file with the VMClock page layout (vmclock.md), standing in for /dev/vmclock0.</summary>
internal static class VMClockFile
{
    public static void Write(string path, ulong marker, uint seqCount = 2, uint magic = 0x4B4C4356)
    {
        byte[] page = new byte[4096];
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(0), magic);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(4), 104);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(12), seqCount);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(16), marker);
        File.WriteAllBytes(path, page);
    }

    /// <summary>Changes the marker in place (seq_count bumped by 2), as a hypervisor would after a migration.</summary>
    public static void SetMarker(string path, ulong marker)
    {
        using FileStream file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        Span<byte> header = stackalloc byte[24];
        file.ReadExactly(header);
        uint seq = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], seq + 2);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], marker);
        file.Position = 0;
        file.Write(header);
    }
}
