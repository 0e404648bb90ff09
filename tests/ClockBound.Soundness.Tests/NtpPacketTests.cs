using System.Buffers.Binary;
using ClockBound.TestSupport;

namespace ClockBound.Soundness.Tests;

public sealed class NtpPacketTests
{
    // 2026-12-01T00:00:00.5Z in Unix ns.
    private const long Instant = 1_796_083_200_500_000_000;

    [Fact]
    public void UnixNanosecondsBecomeNtpSecondsSince1900AndABinaryFraction()
    {
        ulong ntp = NtpPacket.ToNtpTimestamp(Instant, roundUp: false);

        Assert.Equal(1_796_083_200 + NtpPacket.UnixEpochNtpSeconds, (long)(ntp >> 32));
        Assert.Equal(0x8000_0000UL, ntp & uint.MaxValue);
        Assert.Equal(Instant, NtpPacket.FromNtpTimestamp(ntp));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(123_456_789L)]
    [InlineData(999_999_999L)]
    public void RoundingDownNeverLandsLaterAndRoundingUpNeverEarlier(long nanoseconds)
    {
        long instant = Instant - 500_000_000 + nanoseconds;
        ulong down = NtpPacket.ToNtpTimestamp(instant, roundUp: false);
        ulong up = NtpPacket.ToNtpTimestamp(instant, roundUp: true);

        Assert.True(NtpPacket.FromNtpTimestamp(down) <= instant);
        Assert.True(up - down <= 1);
        // The fraction's unit is 2^-32 s (0.23 ns): rounded up, the timestamp is at or after the instant.
        Assert.True((decimal)(up & uint.MaxValue) / 4_294_967_296m >= nanoseconds / 1e9m);
    }

    [Fact]
    public void AReplyEchoesTheRequestAndCarriesTheServerIdentityAndTimestamps()
    {
        byte[] request = new byte[NtpPacket.HeaderLength];
        request[0] = (4 << 3) | 3; // version 4, client
        request[2] = 0xFE;          // poll -2
        BinaryPrimitives.WriteUInt64BigEndian(request.AsSpan(40), 0x0123_4567_89AB_CDEF);
        byte[] reply = new byte[NtpPacket.HeaderLength];
        var identity = new NtpServerIdentity { RootDelaySeconds = 0.5, RootDispersionSeconds = 1.0 / 65536 };

        NtpPacket.WriteServerReply(request, reply, identity, receiveUnixNanoseconds: Instant);
        NtpPacket.WriteTransmitTimestamp(reply, Instant + 1_000);

        Assert.Equal((4 << 3) | 4, reply[0]); // leap 0, version 4, server
        Assert.Equal(1, reply[1]);
        Assert.Equal(0xFE, reply[2]);
        Assert.Equal(unchecked((byte)-20), reply[3]);
        Assert.Equal(0x0000_8000U, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(4)));
        Assert.Equal(0x0000_0001U, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(8)));
        Assert.Equal("TRUE"u8.ToArray(), reply[12..16]);
        Assert.Equal(Instant - 500_000_000, NtpPacket.FromNtpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(reply.AsSpan(16))));
        Assert.Equal(0x0123_4567_89AB_CDEFUL, BinaryPrimitives.ReadUInt64BigEndian(reply.AsSpan(24)));
        Assert.Equal(Instant, NtpPacket.FromNtpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(reply.AsSpan(32))));
        Assert.Equal(Instant + 1_000, NtpPacket.FromNtpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(reply.AsSpan(40))));
    }

    [Theory]
    [InlineData(47, (4 << 3) | 3)]
    [InlineData(48, (4 << 3) | 4)] // a server's packet
    [InlineData(48, (0 << 3) | 3)] // version 0
    [InlineData(48, (5 << 3) | 3)] // version 5
    public void OnlyClientRequestsAreAnswered(int length, int firstByte)
    {
        byte[] datagram = new byte[length];
        datagram[0] = (byte)firstByte;

        Assert.False(NtpPacket.IsClientRequest(datagram));
        Assert.Throws<ArgumentException>(() => NtpPacket.WriteServerReply(datagram, new byte[48], NtpServerIdentity.PrimaryReference, Instant));
    }
}
