using System.Buffers.Binary;
using System.Diagnostics;

namespace ClockBound.Shm.Tests;

/// <summary>Hand-made segment bytes and direct edits of segment files (as another process or a crash would make them).</summary>
internal static class SegmentFile
{
    /// <summary>A v2 segment: magic, size 80, version 2, <paramref name="generation"/>, a plausible Synchronized body.</summary>
    public static byte[] ValidV2(ushort generation = 2)
    {
        var bytes = new byte[80];
        Header(bytes, size: 80, version: 2, generation);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), 5);          // as_of.tv_sec
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), 123);        // as_of.tv_nsec
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(32), 1005);       // void_after.tv_sec
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(40), 456);        // void_after.tv_nsec
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(48), 42_000);     // bound_nsec
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(56), 7);         // disruption_marker
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(64), 50_000);    // max_drift_ppb
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(68), 1);          // clock_status
        bytes[72] = 1;                                                         // disruption support
        return bytes;
    }

    /// <summary>A v1 segment: magic, size 72, version 1, <paramref name="generation"/>, a plausible Synchronized body.</summary>
    public static byte[] ValidV1(ushort generation = 2)
    {
        var bytes = new byte[72];
        Header(bytes, size: 72, version: 1, generation);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), 5);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), 123);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(32), 1005);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(40), 456);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(48), 42_000);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(56), 50_000);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(64), 1);
        return bytes;
    }

    /// <summary>The value <see cref="ValidV2"/> and <see cref="ValidV1"/> hold.</summary>
    public static ClockErrorBound ValidValue(int version) => new()
    {
        AsOfNanoseconds = 5_000_000_123,
        VoidAfterNanoseconds = 1_005_000_000_456,
        BoundNanoseconds = 42_000,
        MaxDriftPpb = 50_000,
        Status = ClockStatus.Synchronized,
        DisruptionMarker = version == 2 ? 7UL : 0,
        DisruptionSupportEnabled = version == 2,
    };

    public static void Header(Span<byte> bytes, uint size, ushort version, ushort generation)
    {
        // The magic as the file holds it on a little-endian CPU.
        ReadOnlySpan<byte> magic = [0x4E, 0x5A, 0x4D, 0x41, 0x00, 0x02, 0x42, 0x43];
        magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], size);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[12..], version);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[14..], generation);
    }

    /// <summary>Overwrites bytes of a file in place (through the page cache, so live mappings see it at once).</summary>
    public static void Poke(string path, int offset, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Seek(offset, SeekOrigin.Begin);
        stream.Write(bytes);
    }

    public static void PokeGeneration(string path, ushort generation)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, generation);
        Poke(path, 14, bytes);
    }

    public static ushort ReadGeneration(string path) =>
        BinaryPrimitives.ReadUInt16LittleEndian(File.ReadAllBytes(path).AsSpan(14));

    /// <summary>The file's inode number, from stat(1).</summary>
    public static string Inode(string path) => Run("stat", "-c", "%i", path).Trim();

    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}");
        return output;
    }
}
