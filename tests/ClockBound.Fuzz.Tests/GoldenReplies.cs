namespace ClockBound.Fuzz.Tests;

/// <summary>Valid chronyd replies (chrony-candm.md), written out field by field, as the seeds of mutation.</summary>
internal static class GoldenReplies
{
    public const uint Sequence = 0x01020304;

    private const string HeaderTail = "0000" + "000000000000" + "01020304" + "0000000000000000"; // status, pad, sequence, pad

    /// <summary>TRACKING (command 33, reply 5), 104 bytes: a client of a PHC refclock.</summary>
    public static readonly byte[] Tracking = Convert.FromHexString(
        "0602" + "0000" + "0021" + "0005" + HeaderTail
        + "50484330"                                                 // ref_id PHC0
        + "0a000001" + "000000000000000000000000" + "0001" + "0000"  // 10.0.0.1, IPv4
        + "0002" + "0000"                                            // stratum 2, leap normal
        + "00000000" + "6789abcd" + "1dcd64ff"                       // ref_time
        + "02000001" + "fe000001" + "01ffffff" + "0c000003" + "00000000"
        + "0a000005" + "f4000064" + "e8000001" + "10000001");

    /// <summary>SOURCE_DATA (command 15, reply 3), 76 bytes: an IPv6 server.</summary>
    public static readonly byte[] SourceData = Convert.FromHexString(
        "0602" + "0000" + "000f" + "0003" + HeaderTail
        + "fd000000000000000000000000000001" + "0002" + "0000"      // fd00::1, IPv6
        + "fffe" + "0001" + "0000" + "0000" + "0010" + "00ff"        // poll, stratum, state, mode, flags, reach
        + "00000003" + "02000001" + "fe000001" + "0a000005");

    /// <summary>N_SOURCES (command 14, reply 2), 32 bytes: three sources.</summary>
    public static readonly byte[] NSources = Convert.FromHexString("0602" + "0000" + "000e" + "0002" + HeaderTail + "00000003");

    /// <summary>NULL reply to RESET_SOURCES (command 66), 28 bytes.</summary>
    public static readonly byte[] ResetSources = Convert.FromHexString("0602" + "0000" + "0042" + "0001" + HeaderTail);

    /// <summary>NULL reply to BURST (command 3), 28 bytes.</summary>
    public static readonly byte[] Burst = Convert.FromHexString("0602" + "0000" + "0003" + "0001" + HeaderTail);

    /// <summary>BADPKTLENGTH (status 19): what chronyd answers to a short request.</summary>
    public static readonly byte[] BadLength = Convert.FromHexString(
        "0602" + "0000" + "0021" + "0001" + "0013" + "000000000000" + "01020304" + "0000000000000000");

    public static byte[][] All => [Tracking, SourceData, NSources, ResetSources, Burst, BadLength];
}
