using System.Buffers.Binary;
using CsCheck;

namespace ClockBound.Fuzz.Tests;

/// <summary>
/// Generators of byte strings near valid ones: a golden input with a few mutations (bytes set or
/// flipped, words set to boundary values, truncation, extension), which reach far deeper into a
/// decoder than random bytes, whose header checks reject nearly all of them.
/// </summary>
internal static class Mutations
{
    // Values that sit on the edges decoders test: 0, all ones, sign bits, 10^9 nanoseconds, chrony's "no high part".
    private static readonly uint[] BoundaryWords =
        [0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 999_999_999, 1_000_000_000];

    private enum Kind
    {
        SetByte,
        FlipBit,
        SetWordBigEndian,
        SetWordLittleEndian,
        Truncate,
        Extend,
    }

    private readonly record struct Mutation(Kind Kind, int Position, uint Value);

    private static readonly Gen<Mutation> OneMutation = Gen.Select(
        Gen.Enum<Kind>(), Gen.Int[0, 4096], Gen.Frequency((3, Gen.OneOf(BoundaryWords)), (1, Gen.UInt)),
        (kind, position, value) => new Mutation(kind, position, value));

    /// <summary>One of <paramref name="goldens"/>, with 1 to 4 mutations.</summary>
    public static Gen<byte[]> Of(params byte[][] goldens) =>
        Gen.Select(Gen.OneOf(goldens), OneMutation.Array[1, 4], Apply);

    /// <summary>Random bytes of 0 to <paramref name="maxLength"/>.</summary>
    public static Gen<byte[]> RandomBytes(int maxLength) => Gen.Byte.Array[0, maxLength];

    private static byte[] Apply(byte[] golden, Mutation[] mutations)
    {
        byte[] bytes = (byte[])golden.Clone();
        foreach (Mutation m in mutations)
        {
            bytes = Apply(bytes, m);
        }

        return bytes;
    }

    private static byte[] Apply(byte[] bytes, Mutation m)
    {
        int at = bytes.Length == 0 ? 0 : m.Position % bytes.Length;
        switch (m.Kind)
        {
            case Kind.SetByte when bytes.Length > 0:
                bytes[at] = (byte)m.Value;
                return bytes;
            case Kind.FlipBit when bytes.Length > 0:
                bytes[at] ^= (byte)(1 << (int)(m.Value % 8));
                return bytes;
            case Kind.SetWordBigEndian when bytes.Length >= 4:
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(Math.Min(at & ~3, bytes.Length - 4)), m.Value);
                return bytes;
            case Kind.SetWordLittleEndian when bytes.Length >= 4:
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(Math.Min(at & ~3, bytes.Length - 4)), m.Value);
                return bytes;
            case Kind.Truncate:
                return bytes[..at];
            case Kind.Extend:
                byte[] longer = new byte[bytes.Length + (int)(m.Value % 64) + 1];
                bytes.CopyTo(longer, 0);
                new Random((int)m.Value).NextBytes(longer.AsSpan(bytes.Length));
                return longer;
            default:
                return bytes;
        }
    }
}
