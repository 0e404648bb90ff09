using System.Buffers.Binary;
using System.Net;
using ClockBound.Chrony;
using ClockBound.Chrony.Protocol;
using CsCheck;
using Xunit.Abstractions;

namespace ClockBound.Fuzz.Tests;

/// <summary>
/// chronyd's replies, through the same steps <see cref="ChronyConnection"/> takes for each command
/// the daemon and the CLI send (TRACKING, N_SOURCES, SOURCE_DATA, RESET_SOURCES, BURST): discard
/// what is not a reply to the request, validate the header, decode the body.
/// </summary>
public sealed class ChronyReplyFuzzTests(ITestOutputHelper output)
{
    private static readonly ChronyCommand[] Commands =
        [ChronyCommand.Tracking, ChronyCommand.NSources, ChronyCommand.SourceData, ChronyCommand.ResetSources, ChronyCommand.Burst];

    /// <summary>A header that passes IsReplyTo for a command and sequence, any status, code and body.</summary>
    private static readonly Gen<byte[]> ValidHeaderRandomBody = Gen.Select(
        Gen.OneOf(Commands),
        Gen.Frequency((4, Gen.Const((ushort)0)), (1, Gen.UShort)),                 // status: mostly SUCCESS
        Gen.Frequency((4, Gen.Const(-1)), (1, Gen.Int[0, 65535])),                  // reply code: mostly the right one
        Gen.Int[0, 160],
        Gen.Byte.Array[160],
        (command, status, code, length, body) =>
        {
            byte[] datagram = new byte[Math.Max(Candm.ReplyHeaderLength, length)];
            body.AsSpan(0, datagram.Length - Candm.ReplyHeaderLength).CopyTo(datagram.AsSpan(Candm.ReplyHeaderLength));
            datagram[0] = Candm.Version;
            datagram[1] = Candm.PacketTypeReply;
            BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)command);
            BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(6), code < 0 ? (ushort)Expected(command).Code : (ushort)code);
            BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(8), status);
            BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(16), GoldenReplies.Sequence);
            return datagram;
        });

    private static readonly Gen<byte[]> Inputs = Gen.Frequency(
        (1, Mutations.RandomBytes(300)),
        (2, ValidHeaderRandomBody),
        (3, Mutations.Of(GoldenReplies.All)));

    [Fact]
    public void GoldenRepliesDecode()
    {
        Assert.Equal("decoded", Check(GoldenReplies.Tracking));
        Assert.Equal("decoded", Check(GoldenReplies.SourceData));
        Assert.Equal("decoded", Check(GoldenReplies.NSources));
        Assert.Equal("decoded", Check(GoldenReplies.ResetSources));
        Assert.Equal("rejected", Check(GoldenReplies.BadLength));
    }

    [Fact]
    public Task RepliesDecodeOrFailWithAChronyException() => FuzzRun.Sample("chrony replies", Inputs, Check, output);

    /// <summary>
    /// Offers <paramref name="datagram"/> as the reply to every command. Returns the outcome for the
    /// command it answers ("discarded" if none); throws if a property fails.
    /// </summary>
    private static string Check(byte[] datagram)
    {
        string outcome = "discarded";
        foreach (ChronyCommand command in Commands)
        {
            if (!ReplyHeader.IsReplyTo(datagram, command, GoldenReplies.Sequence))
            {
                continue;
            }

            try
            {
                (ChronyReplyCode code, int length) = Expected(command);
                ReplyHeader.Validate(datagram, command, code, length, "/fuzz/chronyd.sock");
                Decode(command, datagram);
                outcome = "decoded";
            }
            catch (ChronyException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                outcome = "rejected";
            }
        }

        return outcome;
    }

    private static (ChronyReplyCode Code, int Length) Expected(ChronyCommand command) => command switch
    {
        ChronyCommand.Tracking => (TrackingMessage.ReplyCode, TrackingMessage.ReplyLength),
        ChronyCommand.NSources => (NSourcesMessage.ReplyCode, NSourcesMessage.ReplyLength),
        ChronyCommand.SourceData => (SourceDataMessage.ReplyCode, SourceDataMessage.ReplyLength),
        ChronyCommand.ResetSources => (ResetSourcesMessage.ReplyCode, ResetSourcesMessage.ReplyLength),
        ChronyCommand.Burst => (BurstMessage.ReplyCode, BurstMessage.ReplyLength),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    /// <summary>Decodes an accepted reply and checks what came out against the wire format's rules.</summary>
    private static void Decode(ChronyCommand command, byte[] datagram)
    {
        ReadOnlySpan<byte> body = datagram.AsSpan(Candm.ReplyHeaderLength);
        switch (command)
        {
            case ChronyCommand.Tracking:
                TrackingReport tracking = TrackingMessage.ReadReply(datagram);
                Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(body), tracking.RefId);
                CheckAddress(body[4..], tracking.Address, tracking.AddressFamily);
                Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(body[24..]), tracking.Stratum);
                Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(body[26..]), tracking.LeapStatus);
                CheckTimespec(body[28..], tracking.RefTimeSeconds, tracking.RefTimeNanoseconds);
                ChronyFloat[] floats =
                [
                    tracking.CurrentCorrection, tracking.LastOffset, tracking.RmsOffset, tracking.FrequencyPpm,
                    tracking.ResidualFrequencyPpm, tracking.SkewPpm, tracking.RootDelay, tracking.RootDispersion,
                    tracking.LastUpdateInterval,
                ];
                for (int i = 0; i < floats.Length; i++)
                {
                    CheckFloat(body[(40 + (4 * i))..], floats[i]);
                }

                break;
            case ChronyCommand.SourceData:
                SourceReport source = SourceDataMessage.ReadReply(datagram);
                CheckAddress(body, source.Address, source.AddressFamily);
                Assert.Equal(BinaryPrimitives.ReadInt16BigEndian(body[20..]), source.PollLog2);
                Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(body[22..]), source.Stratum);
                Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(body[32..]), source.SecondsSinceSample);
                CheckFloat(body[36..], source.OriginalLatestOffset);
                CheckFloat(body[40..], source.LatestOffset);
                CheckFloat(body[44..], source.LatestOffsetError);
                break;
            case ChronyCommand.NSources:
                int count = NSourcesMessage.ReadReply(datagram);
                Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(body), (uint)count);
                Assert.True(count >= 0);
                break;
        }
    }

    private static void CheckAddress(ReadOnlySpan<byte> wire, IPAddress? address, ushort family)
    {
        Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(wire[16..]), family);
        switch (family)
        {
            case 1 or 3:
                Assert.Equal(wire[..4].ToArray(), address!.GetAddressBytes());
                break;
            case 2:
                Assert.Equal(wire[..16].ToArray(), address!.GetAddressBytes());
                break;
            default:
                Assert.Null(address);
                break;
        }
    }

    // Re-encodes the decoded time by the spec's rule and compares it with the wire.
    private static void CheckTimespec(ReadOnlySpan<byte> wire, long seconds, uint nanoseconds)
    {
        uint high = BinaryPrimitives.ReadUInt32BigEndian(wire);
        uint low = BinaryPrimitives.ReadUInt32BigEndian(wire[4..]);
        Assert.True(nanoseconds < 1_000_000_000);
        Assert.True(seconds >= 0);
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(wire[8..]), nanoseconds);
        Assert.Equal(low, (uint)seconds);
        Assert.Equal(high == 0x7fffffff ? 0u : high, (uint)(seconds >> 32));
    }

    private static void CheckFloat(ReadOnlySpan<byte> wire, ChronyFloat value)
    {
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(wire), value.Raw);
        Assert.True(double.IsFinite(value.ToDouble()));
        Assert.Equal(value.ToDouble(), value.Coefficient * Math.Pow(2, value.PowerOfTwo));
    }
}
