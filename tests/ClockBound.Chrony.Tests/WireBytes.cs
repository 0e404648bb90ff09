using System.Buffers.Binary;

namespace ClockBound.Chrony.Tests;

/// <summary>Builds reply datagrams byte by byte, independently of the codecs under test.</summary>
internal static class WireBytes
{
    /// <summary>A reply of <paramref name="totalLength"/> bytes with the given header fields; the body is zero.</summary>
    public static byte[] Reply(
        ushort command,
        ushort replyCode,
        uint sequence,
        int totalLength,
        ushort status = 0,
        byte version = 6,
        byte packetType = 2)
    {
        var reply = new byte[totalLength];
        Span<byte> header = reply.AsSpan(0, Math.Min(totalLength, 28));
        if (header.Length >= 28)
        {
            header[0] = version;
            header[1] = packetType;
            BinaryPrimitives.WriteUInt16BigEndian(header[4..], command);
            BinaryPrimitives.WriteUInt16BigEndian(header[6..], replyCode);
            BinaryPrimitives.WriteUInt16BigEndian(header[8..], status);
            BinaryPrimitives.WriteUInt32BigEndian(header[16..], sequence);
        }

        return reply;
    }

    /// <summary>
    /// A complete TRACKING reply (104 bytes), written out in hex: every field has a distinct,
    /// known value (see <see cref="TrackingReplyTests"/>).
    /// </summary>
    public static byte[] TrackingReply(uint sequence, string stratumHex = "0002")
    {
        string hex =
            "06" + "02" + "0000"           // version 6, reply, res1/res2
            + "0021" + "0005" + "0000"     // command 33 echo, reply TRACKING, status SUCCESS
            + "000000000000"               // pad1..pad3
            + sequence.ToString("x8")      // sequence echo
            + "0000000000000000"           // pad4, pad5
            + "50484330"                   // ref_id "PHC0"
            + "0a000001" + "000000000000000000000000" + "0001" + "0000" // ip_addr 10.0.0.1, IPv4
            + stratumHex                   // stratum
            + "0001"                       // leap_status: insert second
            + "00000001" + "6789abcd" + "1dcd64ff" // ref_time: high 1, low 0x6789abcd, 499999999 ns
            + "02000001"                   // current_correction 2^-24
            + "fe000001"                   // last_offset 2^-26
            + "01ffffff"                   // rms_offset -2^-25
            + "0c000003"                   // freq_ppm 3 × 2^-19
            + "00000000"                   // resid_freq_ppm 0
            + "0a000005"                   // skew_ppm 5 × 2^-20
            + "f4000064"                   // root_delay 100 × 2^-31
            + "7e000001"                   // root_dispersion 2^38
            + "10000001";                  // last_update_interval 2^-17
        byte[] bytes = Convert.FromHexString(hex);
        if (bytes.Length != 104)
        {
            throw new InvalidOperationException($"test data: TRACKING reply is {bytes.Length} bytes");
        }

        return bytes;
    }
}
