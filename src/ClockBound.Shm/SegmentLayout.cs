namespace ClockBound.Shm;

/// <summary>
/// Byte offsets and constants of the segment (spec: shm-segment.md). All integers are in the
/// CPU's native byte order; on little-endian CPUs the file starts <c>4E 5A 4D 41 00 02 42 43</c>.
/// </summary>
internal static class SegmentLayout
{
    /// <summary>First magic word (u32 at offset 0).</summary>
    public const uint Magic0 = 0x414D5A4E;

    /// <summary>Second magic word (u32 at offset 4).</summary>
    public const uint Magic1 = 0x43420200;

    /// <summary>Bytes in the header shared by all versions.</summary>
    public const int HeaderSize = 16;

    /// <summary>Total size of a version 1 segment.</summary>
    public const int SizeV1 = 72;

    /// <summary>Total size of a version 2 segment.</summary>
    public const int SizeV2 = 80;

    /// <summary>Offset of the u32 segment size.</summary>
    public const int SegmentSizeOffset = 8;

    /// <summary>Offset of the u16 version.</summary>
    public const int VersionOffset = 12;

    /// <summary>Offset of the u16 generation (the seqlock counter).</summary>
    public const int GenerationOffset = 14;

    /// <summary>Offset of the body (both versions).</summary>
    public const int BodyOffset = 16;

    /// <summary>The default path of the version 2 segment.</summary>
    public const string DefaultPathV2 = "/var/run/clockbound/shm0";

    /// <summary>The default path of the version 1 segment.</summary>
    public const string DefaultPathV1 = "/var/run/clockbound/shm";

    /// <summary>Total segment size for a protocol version, or 0 for a version that does not exist.</summary>
    public static int SizeOf(int version) => version switch
    {
        1 => SizeV1,
        2 => SizeV2,
        _ => 0,
    };

    // Version 2 body.
    internal const int V2AsOfSec = 16, V2AsOfNsec = 24, V2VoidSec = 32, V2VoidNsec = 40, V2Bound = 48,
        V2Marker = 56, V2Drift = 64, V2Status = 68, V2Support = 72;

    // Version 1 body.
    internal const int V1AsOfSec = 16, V1AsOfNsec = 24, V1VoidSec = 32, V1VoidNsec = 40, V1Bound = 48,
        V1Drift = 56, V1Reserved = 60, V1Status = 64;
}
