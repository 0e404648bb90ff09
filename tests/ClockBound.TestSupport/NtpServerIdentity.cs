using System.Buffers.Binary;
using System.Text;

namespace ClockBound.TestSupport;

/// <summary>What an NTP server says about itself in every reply.</summary>
public sealed record NtpServerIdentity
{
    /// <summary>
    /// A primary server (stratum 1, reference id <c>TRUE</c>) whose clock is the reference itself:
    /// root delay and root dispersion 0, precision 2^−20 s (about 1 µs, what user-space clock
    /// reads achieve).
    /// </summary>
    public static NtpServerIdentity PrimaryReference { get; } = new();

    /// <summary>Stratum (1: a primary server).</summary>
    public byte Stratum { get; init; } = 1;

    /// <summary>Precision as log2 seconds.</summary>
    public sbyte PrecisionLog2 { get; init; } = -20;

    /// <summary>Root delay to the reference, in seconds.</summary>
    public double RootDelaySeconds { get; init; }

    /// <summary>Root dispersion, in seconds.</summary>
    public double RootDispersionSeconds { get; init; }

    /// <summary>Reference id: for stratum 1, four ASCII characters packed big-endian.</summary>
    public uint ReferenceId { get; init; } = BinaryPrimitives.ReadUInt32BigEndian(Encoding.ASCII.GetBytes("TRUE"));
}
