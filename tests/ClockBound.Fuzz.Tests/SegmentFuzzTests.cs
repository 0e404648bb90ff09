using System.Buffers.Binary;
using ClockBound.Shm;
using CsCheck;
using Xunit.Abstractions;

namespace ClockBound.Fuzz.Tests;

/// <summary>
/// The segment's decoders: <see cref="SegmentCodec.TryDecodeBody"/> on bytes, and
/// <see cref="SegmentReader"/> on a whole segment file's bytes (header, sizes, seqlock, body).
/// </summary>
public sealed class SegmentFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly byte[] GoldenV1 = Golden(1);
    private static readonly byte[] GoldenV2 = Golden(2);

    private static readonly Gen<int> Versions = Gen.Frequency((4, Gen.OneOf(1, 2)), (1, Gen.Int[-2, 4]), (1, Gen.Int));

    /// <summary>A valid header for a version (size, magic, an even generation mostly) over random bytes.</summary>
    private static readonly Gen<byte[]> ValidHeaderRandomBody = Gen.Select(
        Gen.Frequency((6, Gen.OneOf(1, 2)), (1, Gen.Int[0, 65535])),
        Gen.Frequency((6, Gen.Const(-1)), (1, Gen.Int[0, 100])), // file length: mostly the version's size
        Gen.Frequency((7, Gen.UShort[1, 32767].Select(g => (ushort)(g * 2))), (1, Gen.UShort)),
        Gen.Byte.Array[100],
        (version, length, generation, random) =>
        {
            int size = SegmentLayout.SizeOf(version);
            byte[] bytes = random[..(length >= 0 ? length : Math.Max(size, SegmentLayout.HeaderSize))];
            if (bytes.Length >= SegmentLayout.HeaderSize)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes, SegmentLayout.Magic0);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), SegmentLayout.Magic1);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(SegmentLayout.SegmentSizeOffset), (uint)size);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(SegmentLayout.VersionOffset), (ushort)version);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(SegmentLayout.GenerationOffset), generation);
            }

            return bytes;
        });

    private static readonly Gen<byte[]> SegmentBytes = Gen.Frequency(
        (1, Mutations.RandomBytes(100)),
        (2, ValidHeaderRandomBody),
        (3, Mutations.Of(GoldenV1, GoldenV2)));

    private readonly ScratchDirectory _directory = new("clockbound-fuzz-segment-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void GoldenSegmentsDecode()
    {
        Assert.Equal("decoded", CheckBody((GoldenV1, 1)));
        Assert.Equal("decoded", CheckBody((GoldenV2, 2)));
        Assert.Equal("decoded", CheckFile(GoldenV1));
        Assert.Equal("decoded", CheckFile(GoldenV2));
    }

    [Fact]
    public Task BodiesDecodeToValidValuesThatReEncodeOrAreNamedAsMalformed() =>
        FuzzRun.Sample("segment body", Gen.Select(SegmentBytes, Versions), CheckBody, output);

    [Fact]
    public Task SegmentFilesReadAsValidValuesOrFailWithAClockboundException() =>
        FuzzRun.Sample("segment file", SegmentBytes, CheckFile, output);

    private static string CheckBody((byte[] Bytes, int Version) input)
    {
        (byte[] bytes, int version) = input;
        bool decoded = SegmentCodec.TryDecodeBody(bytes, version, out ClockErrorBound value, out string? problem);
        try
        {
            Assert.Equal(value, SegmentCodec.DecodeBody(bytes, version));
            Assert.True(decoded);
        }
        catch (ClockBoundException e)
        {
            Assert.False(decoded);
            Assert.Equal(ClockBoundErrorKind.SegmentMalformed, e.Kind);
            Assert.EndsWith(problem!, e.Message);
            Assert.Equal(default, value);
            return "rejected";
        }

        Assert.Null(value.Validate(version));
        byte[] again = new byte[SegmentLayout.SizeOf(version)];
        SegmentCodec.WriteHeader(again, version, 2);
        SegmentCodec.EncodeBody(again, version, value);
        Assert.True(SegmentCodec.TryDecodeBody(again, version, out ClockErrorBound reDecoded, out _));
        Assert.Equal(value, reDecoded);

        // Every byte the decoder reads comes back the same; padding is written as zero, and the
        // v2 disruption-support byte as 0 or 1.
        Assert.Equal(bytes.AsSpan(16, 40).ToArray(), again.AsSpan(16, 40).ToArray()); // as_of, void_after, bound
        if (version == 2)
        {
            Assert.Equal(bytes.AsSpan(56, 16).ToArray(), again.AsSpan(56, 16).ToArray()); // marker, drift, status
            Assert.Equal(bytes[72] != 0 ? (byte)1 : (byte)0, again[72]);
        }
        else
        {
            Assert.Equal(bytes.AsSpan(56, 4).ToArray(), again.AsSpan(56, 4).ToArray()); // drift
            Assert.Equal(bytes.AsSpan(64, 4).ToArray(), again.AsSpan(64, 4).ToArray()); // status
        }

        return "decoded";
    }

    private string CheckFile(byte[] bytes)
    {
        string path = _directory.Combine("shm0");
        File.WriteAllBytes(path, bytes);
        ClockErrorBound value;
        try
        {
            using SegmentReader reader = SegmentReader.Open(path);
            value = reader.Read();
        }
        catch (ClockBoundException e)
        {
            Assert.NotEqual(ClockBoundErrorKind.SystemCallFailed, e.Kind); // a regular file always maps
            Assert.Contains(path, e.Message);
            return $"rejected: {e.Kind}";
        }

        int version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(SegmentLayout.VersionOffset));
        Assert.Null(value.Validate(version));
        Assert.True(SegmentCodec.TryDecodeBody(bytes, version, out ClockErrorBound direct, out _));
        Assert.Equal(direct, value);
        return "decoded";
    }

    private static byte[] Golden(int version)
    {
        byte[] segment = new byte[SegmentLayout.SizeOf(version)];
        SegmentCodec.WriteHeader(segment, version, 42);
        SegmentCodec.EncodeBody(segment, version, new ClockErrorBound
        {
            AsOfNanoseconds = 1_234_567_890_123,
            VoidAfterNanoseconds = 1_234_567_890_123 + 1_000_000_000,
            BoundNanoseconds = 733_376,
            MaxDriftPpb = 50_000,
            Status = ClockStatus.Synchronized,
            DisruptionMarker = 7,
            DisruptionSupportEnabled = version == 2,
        });
        return segment;
    }
}
