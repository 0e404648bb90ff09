namespace ClockBound.Shm.Tests;

/// <summary>
/// The exact bytes of a segment, written out by hand from the spec (shm-segment.md), against what
/// SegmentWriter produces and what SegmentCodec/SegmentReader decode.
/// </summary>
public sealed class GoldenBytesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // as_of 5 s 123 ns, void_after 1005 s 456 ns, bound 42 000 ns (0xA410), marker 0x0102030405060708,
    // max drift 50 000 ppb (0xC350), Synchronized, disruption support on; generation 2 after one write.
    private static readonly byte[] V2Synchronized =
    [
        0x4E, 0x5A, 0x4D, 0x41, 0x00, 0x02, 0x42, 0x43, // magic 0x414D5A4E, 0x43420200 (little-endian)
        0x50, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x00, // size 80, version 2, generation 2
        0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // as_of.tv_sec 5
        0x7B, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // as_of.tv_nsec 123
        0xED, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // void_after.tv_sec 1005
        0xC8, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // void_after.tv_nsec 456
        0x10, 0xA4, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // bound_nsec 42000
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // disruption_marker
        0x50, 0xC3, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, // max_drift_ppb 50000, clock_status 1
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // disruption support 1, 7 bytes padding
    ];

    // The same values with status Disrupted, written to a v1 segment: Disrupted becomes 0 (Unknown),
    // and the marker and support flag have no place in v1.
    private static readonly byte[] V1FromDisrupted =
    [
        0x4E, 0x5A, 0x4D, 0x41, 0x00, 0x02, 0x42, 0x43, // magic
        0x48, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, // size 72, version 1, generation 2
        0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // as_of.tv_sec 5
        0x7B, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // as_of.tv_nsec 123
        0xED, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // void_after.tv_sec 1005
        0xC8, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // void_after.tv_nsec 456
        0x10, 0xA4, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // bound_nsec 42000
        0x50, 0xC3, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // max_drift_ppb 50000, reserved 0
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // clock_status 0 (was Disrupted), 4 bytes padding
    ];

    private static ClockErrorBound Value(ClockStatus status) => new()
    {
        AsOfNanoseconds = 5_000_000_123,
        VoidAfterNanoseconds = 1_005_000_000_456,
        BoundNanoseconds = 42_000,
        MaxDriftPpb = 50_000,
        Status = status,
        DisruptionMarker = 0x0102030405060708,
        DisruptionSupportEnabled = true,
    };

    [Fact]
    public void WriterProducesTheV2BytesOfTheSpec()
    {
        string path = _dir.File("shm0");
        // Start from garbage of the right size, so every byte below must have been written (or zeroed).
        File.WriteAllBytes(path, Enumerable.Repeat((byte)0xA5, 80).ToArray());
        using (SegmentWriter writer = SegmentWriter.Open(path, 2))
        {
            writer.Write(Value(ClockStatus.Synchronized));
        }
        Assert.Equal(V2Synchronized, File.ReadAllBytes(path));
    }

    [Fact]
    public void WriterProducesTheV1BytesOfTheSpecWithDisruptedAsUnknown()
    {
        string path = _dir.File("shm");
        File.WriteAllBytes(path, Enumerable.Repeat((byte)0xA5, 72).ToArray());
        using (SegmentWriter writer = SegmentWriter.Open(path, 1))
        {
            writer.Write(Value(ClockStatus.Disrupted));
        }
        Assert.Equal(V1FromDisrupted, File.ReadAllBytes(path));
    }

    [Fact]
    public void WriteZeroesPaddingLeftDirtyInAReusedSegment()
    {
        string path = _dir.File("shm0");
        using (SegmentWriter writer = SegmentWriter.Open(path, 2))
        {
            writer.Write(Value(ClockStatus.Synchronized));
        }
        SegmentFile.Poke(path, 73, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        using (SegmentWriter writer = SegmentWriter.Open(path, 2))
        {
            Assert.True(writer.IsWarmRestart);
            writer.Write(Value(ClockStatus.Synchronized));
        }
        byte[] expected = (byte[])V2Synchronized.Clone();
        expected[14] = 4; // the second write
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void CodecDecodesTheHandBuiltV2Bytes()
    {
        Assert.Equal(Value(ClockStatus.Synchronized), SegmentCodec.DecodeBody(V2Synchronized, 2));
    }

    [Fact]
    public void CodecDecodesTheHandBuiltV1Bytes()
    {
        var expected = new ClockErrorBound
        {
            AsOfNanoseconds = 5_000_000_123,
            VoidAfterNanoseconds = 1_005_000_000_456,
            BoundNanoseconds = 42_000,
            MaxDriftPpb = 50_000,
            Status = ClockStatus.Unknown,
            DisruptionMarker = 0,
            DisruptionSupportEnabled = false,
        };
        Assert.Equal(expected, SegmentCodec.DecodeBody(V1FromDisrupted, 1));

        byte[] freeRunning = (byte[])V1FromDisrupted.Clone();
        freeRunning[64] = 2;
        Assert.Equal(expected with { Status = ClockStatus.FreeRunning }, SegmentCodec.DecodeBody(freeRunning, 1));
    }

    [Fact]
    public void CodecDecodesEveryV2Status()
    {
        foreach (ClockStatus status in Enum.GetValues<ClockStatus>())
        {
            byte[] bytes = (byte[])V2Synchronized.Clone();
            bytes[68] = (byte)status;
            Assert.Equal(Value(status), SegmentCodec.DecodeBody(bytes, 2));
        }
    }

    [Fact]
    public void ReaderReadsTheHandBuiltFiles()
    {
        string v2 = _dir.File("shm0"), v1 = _dir.File("shm");
        File.WriteAllBytes(v2, V2Synchronized);
        File.WriteAllBytes(v1, V1FromDisrupted);
        using (SegmentReader reader = SegmentReader.Open(v2))
        {
            Assert.Equal(2, reader.Version);
            Assert.Equal(Value(ClockStatus.Synchronized), reader.Read());
        }
        using (SegmentReader reader = SegmentReader.Open(v1))
        {
            Assert.Equal(1, reader.Version);
            Assert.Equal(ClockStatus.Unknown, reader.Read().Status);
            Assert.Equal(42_000, reader.Read().BoundNanoseconds);
        }
    }

    [Fact]
    public void EncodeMatchesTheHandBuiltBody()
    {
        var bytes = new byte[80];
        SegmentCodec.WriteHeader(bytes, 2, generation: 2);
        SegmentCodec.EncodeBody(bytes, 2, Value(ClockStatus.Synchronized));
        Assert.Equal(V2Synchronized, bytes);

        bytes = new byte[72];
        SegmentCodec.WriteHeader(bytes, 1, generation: 2);
        SegmentCodec.EncodeBody(bytes, 1, Value(ClockStatus.Disrupted));
        Assert.Equal(V1FromDisrupted, bytes);
    }
}
