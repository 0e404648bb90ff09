using System.Buffers.Binary;
using System.Globalization;
using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary>The name <c>chronyc -n tracking</c> shows after the reference id (never a DNS lookup).</summary>
internal static class ReferenceNames
{
    private const ushort FamilyUnspecified = 0;
    private const ushort FamilyId = 3;

    /// <summary>
    /// Without an address (a reference clock or a local reference): the ref id's printable ASCII
    /// characters ("PHC0"; "" for 0x7F7F0101). A reference-id address: <c>ID#</c> and the id in
    /// ten decimal digits. Otherwise the IP address.
    /// </summary>
    public static string For(in TrackingReport report)
    {
        if (report.AddressFamily == FamilyUnspecified || report.Address is not { } address)
        {
            return PrintableRefId(report.RefId);
        }
        if (report.AddressFamily == FamilyId)
        {
            Span<byte> bytes = stackalloc byte[4];
            return address.TryWriteBytes(bytes, out int written) && written == 4
                ? string.Create(CultureInfo.InvariantCulture, $"ID#{BinaryPrimitives.ReadUInt32BigEndian(bytes):D10}")
                : address.ToString();
        }
        return address.ToString();
    }

    /// <summary>The ref id's four bytes, most significant first, keeping only printable ASCII.</summary>
    public static string PrintableRefId(uint refId)
    {
        Span<char> name = stackalloc char[4];
        int length = 0;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            char c = (char)((refId >> shift) & 0xFF);
            if (c is >= ' ' and <= '~')
            {
                name[length++] = c;
            }
        }
        return new string(name[..length]);
    }
}
