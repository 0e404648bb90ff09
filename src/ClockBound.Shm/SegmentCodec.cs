using System.Runtime.InteropServices;
using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>
/// Encodes and decodes segment bytes. Pure: no I/O, no clocks, no barriers; the seqlock lives in
/// <see cref="SegmentWriter"/> and <see cref="SegmentReader"/>.
/// </summary>
internal static class SegmentCodec
{
    /// <summary>Writes the 16-byte header: magic, segment size, <paramref name="version"/>, <paramref name="generation"/>.</summary>
    public static void WriteHeader(Span<byte> segment, int version, ushort generation)
    {
        int size = SegmentLayout.SizeOf(version);
        if (size == 0 && version != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "version must be 0, 1 or 2");
        }
        Write(segment, 0, SegmentLayout.Magic0);
        Write(segment, 4, SegmentLayout.Magic1);
        Write(segment, SegmentLayout.SegmentSizeOffset, (uint)size);
        Write(segment, SegmentLayout.VersionOffset, (ushort)version);
        Write(segment, SegmentLayout.GenerationOffset, generation);
    }

    /// <summary>
    /// Writes the body of a <paramref name="version"/> segment (bytes 16 up to the segment size,
    /// padding zeroed). A v2 <see cref="ClockStatus.Disrupted"/> is written to v1 as Unknown.
    /// </summary>
    /// <exception cref="ArgumentException">The value cannot be published (see <see cref="ClockErrorBound.Validate"/>).</exception>
    public static void EncodeBody(Span<byte> segment, int version, in ClockErrorBound value)
    {
        int size = SegmentLayout.SizeOf(version);
        if (size == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "version must be 1 or 2");
        }
        ClockStatus status = version == 1 && value.Status == ClockStatus.Disrupted ? ClockStatus.Unknown : value.Status;
        ClockErrorBound toWrite = value with { Status = status };
        if (toWrite.Validate(version) is { } problem)
        {
            throw new ArgumentException(problem, nameof(value));
        }
        Span<byte> body = segment[SegmentLayout.BodyOffset..size];
        body.Clear();
        Timespec asOf = toWrite.AsOf, voidAfter = toWrite.VoidAfter;
        Write(segment, 16, asOf.Seconds);
        Write(segment, 24, asOf.Nanoseconds);
        Write(segment, 32, voidAfter.Seconds);
        Write(segment, 40, voidAfter.Nanoseconds);
        Write(segment, 48, toWrite.BoundNanoseconds);
        if (version == 2)
        {
            Write(segment, SegmentLayout.V2Marker, toWrite.DisruptionMarker);
            Write(segment, SegmentLayout.V2Drift, toWrite.MaxDriftPpb);
            Write(segment, SegmentLayout.V2Status, (int)status);
            segment[SegmentLayout.V2Support] = toWrite.DisruptionSupportEnabled ? (byte)1 : (byte)0;
        }
        else
        {
            Write(segment, SegmentLayout.V1Drift, toWrite.MaxDriftPpb);
            Write(segment, SegmentLayout.V1Status, (int)status);
        }
    }

    /// <summary>
    /// Decodes and validates the body of a <paramref name="version"/> segment held in
    /// <paramref name="segment"/> (the whole segment, header included).
    /// </summary>
    /// <exception cref="ClockBoundException">Kind <see cref="ClockBoundErrorKind.SegmentMalformed"/>: an impossible value.</exception>
    public static ClockErrorBound DecodeBody(ReadOnlySpan<byte> segment, int version)
    {
        if (!TryDecodeBody(segment, version, out ClockErrorBound value, out string? problem))
        {
            throw new ClockBoundException(ClockBoundErrorKind.SegmentMalformed, "ClockBound segment is malformed: " + problem);
        }
        return value;
    }

    /// <summary>Decodes and validates a body; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryDecodeBody(ReadOnlySpan<byte> segment, int version, out ClockErrorBound value, out string? problem)
    {
        value = default;
        int size = SegmentLayout.SizeOf(version);
        if (size == 0 || segment.Length < size)
        {
            problem = $"version {version} with {segment.Length} bytes";
            return false;
        }
        var asOf = new Timespec(Read<long>(segment, 16), Read<long>(segment, 24));
        var voidAfter = new Timespec(Read<long>(segment, 32), Read<long>(segment, 40));
        if (!asOf.TryGetTotalNanoseconds(out long asOfNs))
        {
            problem = $"as_of {asOf.Seconds} s {asOf.Nanoseconds} ns is not a valid timespec";
            return false;
        }
        if (!voidAfter.TryGetTotalNanoseconds(out long voidAfterNs))
        {
            problem = $"void_after {voidAfter.Seconds} s {voidAfter.Nanoseconds} ns is not a valid timespec";
            return false;
        }
        bool v2 = version == 2;
        int rawStatus = Read<int>(segment, v2 ? SegmentLayout.V2Status : SegmentLayout.V1Status);
        value = new ClockErrorBound
        {
            AsOfNanoseconds = asOfNs,
            VoidAfterNanoseconds = voidAfterNs,
            BoundNanoseconds = Read<long>(segment, 48),
            MaxDriftPpb = Read<uint>(segment, v2 ? SegmentLayout.V2Drift : SegmentLayout.V1Drift),
            Status = (ClockStatus)rawStatus,
            DisruptionMarker = v2 ? Read<ulong>(segment, SegmentLayout.V2Marker) : 0,
            DisruptionSupportEnabled = v2 && segment[SegmentLayout.V2Support] != 0,
        };
        problem = value.Validate(version);
        if (problem is not null)
        {
            value = default;
            return false;
        }
        return true;
    }

    private static void Write<T>(Span<byte> destination, int offset, T value) where T : unmanaged =>
        MemoryMarshal.Write(destination[offset..], in value);

    private static T Read<T>(ReadOnlySpan<byte> source, int offset) where T : unmanaged =>
        MemoryMarshal.Read<T>(source[offset..]);
}
