using System.Buffers.Binary;
using System.Net;

namespace ClockBound.Chrony.Protocol;

/// <summary>
/// chronyd's 20-byte IPAddr: 16 address bytes (IPv4 in the first 4; a reference clock's id there
/// too), u16 family, u16 padding.
/// </summary>
internal static class IPAddrCodec
{
    /// <summary>Encoded length.</summary>
    public const int Length = 20;

    /// <summary>Family 0: no address; as a BURST mask and address it means "every source".</summary>
    public const ushort FamilyUnspecified = 0;

    /// <summary>Family 1: IPv4.</summary>
    public const ushort FamilyIPv4 = 1;

    /// <summary>Family 2: IPv6.</summary>
    public const ushort FamilyIPv6 = 2;

    /// <summary>Family 3: a reference clock, identified by its ref id.</summary>
    public const ushort FamilyId = 3;

    /// <summary>
    /// Decodes an IPAddr. IPv4 and ref ids (family 3) come back as IPv4-shaped addresses;
    /// family 0 and families this code does not know come back as <see langword="null"/> (the
    /// raw family is returned so callers can tell them apart).
    /// </summary>
    public static IPAddress? Read(ReadOnlySpan<byte> source, out ushort family)
    {
        family = BinaryPrimitives.ReadUInt16BigEndian(source[16..]);
        return family switch
        {
            FamilyIPv4 or FamilyId => new IPAddress(source[..4]),
            FamilyIPv6 => new IPAddress(source[..16]),
            _ => null,
        };
    }

    /// <summary>
    /// The address bytes of an IPAddr without building an <see cref="IPAddress"/>: the first 4
    /// (IPv4, ref id), all 16 (IPv6), or none, matching <see cref="Read"/>.
    /// </summary>
    public static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> source, out ushort family)
    {
        family = BinaryPrimitives.ReadUInt16BigEndian(source[16..]);
        return family switch
        {
            FamilyIPv4 or FamilyId => source[..4],
            FamilyIPv6 => source[..16],
            _ => [],
        };
    }

    /// <summary>Writes an IPAddr of family 0 (all zeros).</summary>
    public static void WriteUnspecified(Span<byte> destination) => destination[..Length].Clear();
}
