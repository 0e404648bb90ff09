using System.Buffers.Binary;
using ClockBound.VMClock;
using CsCheck;
using Xunit.Abstractions;

namespace ClockBound.Fuzz.Tests;

/// <summary>
/// The VMClock page's decoder: it has no pure one (<see cref="VMClockReader"/> checks the page as
/// it maps it and copies fields under seq_count), so the page is fuzzed through a file, as the
/// tests emulate /dev/vmclock0.
/// </summary>
public sealed class VMClockFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly byte[] GoldenPage = Golden(VMClockLayout.MinimumSize);
    private static readonly byte[] GoldenFullPage = Golden(VMClockLayout.DeviceMapLength);

    /// <summary>Magic and version 1 (mostly), a size near the minimum, an even seq_count (mostly), random fields.</summary>
    private static readonly Gen<byte[]> ValidHeaderRandomBody = Gen.Select(
        Gen.Frequency((6, Gen.Const(-1)), (1, Gen.Int[0, 200])),                         // file length: mostly 104..200
        Gen.Frequency((4, Gen.UInt[VMClockLayout.MinimumSize, 8192]), (1, Gen.UInt)),    // declared size
        Gen.Frequency((6, Gen.Const(VMClockLayout.Version)), (1, Gen.UShort)),
        Gen.Frequency((7, Gen.UInt[0, 1_000_000].Select(s => s * 2)), (1, Gen.UInt)),
        Gen.Byte.Array[200],
        (length, size, version, seqCount, random) =>
        {
            byte[] page = random[..(length >= 0 ? length : VMClockLayout.MinimumSize + (random[0] % 97))];
            if (page.Length >= 16)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(page, VMClockLayout.Magic);
                BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(VMClockLayout.SizeOffset), size);
                BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(VMClockLayout.VersionOffset), version);
                BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(VMClockLayout.SeqCountOffset), seqCount);
            }

            return page;
        });

    private static readonly Gen<byte[]> Pages = Gen.Frequency(
        (1, Mutations.RandomBytes(200)),
        (2, ValidHeaderRandomBody),
        (3, Mutations.Of(GoldenPage, GoldenFullPage)));

    private readonly ScratchDirectory _directory = new("clockbound-fuzz-vmclock-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void GoldenPagesDecode()
    {
        Assert.Equal("decoded", Check(GoldenPage));
        Assert.Equal("decoded", Check(GoldenFullPage));
    }

    [Fact]
    public Task PagesReadAsTheirFieldsOrFailWithAVmclockException() =>
        FuzzRun.Sample("vmclock page", Pages, Check, output);

    private string Check(byte[] page)
    {
        string path = _directory.Combine("vmclock0");
        File.WriteAllBytes(path, page);
        VMClockSnapshot snapshot;
        try
        {
            using VMClockReader reader = VMClockReader.Open(path);
            snapshot = reader.Read();
        }
        catch (VMClockException e)
        {
            Assert.Contains(path, e.Message);
            return "rejected";
        }

        // What Open accepts meets the ABI's rules, and the snapshot is the page's fields.
        ReadOnlySpan<byte> bytes = page;
        Assert.True(bytes.Length >= VMClockLayout.MinimumSize);
        Assert.Equal(VMClockLayout.Magic, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(VMClockLayout.Version, BinaryPrimitives.ReadUInt16LittleEndian(bytes[VMClockLayout.VersionOffset..]));
        Assert.True(BinaryPrimitives.ReadUInt32LittleEndian(bytes[VMClockLayout.SizeOffset..]) >= VMClockLayout.MinimumSize);
        Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(bytes[VMClockLayout.SeqCountOffset..]), snapshot.SeqCount);
        Assert.Equal(0u, snapshot.SeqCount & 1);
        Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(bytes[VMClockLayout.DisruptionMarkerOffset..]), snapshot.DisruptionMarker);
        Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(bytes[VMClockLayout.FlagsOffset..]), snapshot.Flags);
        Assert.Equal(bytes[VMClockLayout.ClockStatusOffset], snapshot.ClockStatus);
        return "decoded";
    }

    private static byte[] Golden(int length)
    {
        byte[] page = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(page, VMClockLayout.Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(VMClockLayout.SizeOffset), VMClockLayout.MinimumSize);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(VMClockLayout.VersionOffset), VMClockLayout.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(VMClockLayout.SeqCountOffset), 2);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(VMClockLayout.DisruptionMarkerOffset), 0x1122334455667788);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(VMClockLayout.FlagsOffset), 0b0110_0000);
        page[VMClockLayout.ClockStatusOffset] = 2;
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(VMClockLayout.TimeMaxErrorOffset), 5_000);
        return page;
    }
}
