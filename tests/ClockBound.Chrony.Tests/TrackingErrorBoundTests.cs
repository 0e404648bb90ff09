using System.Numerics;

namespace ClockBound.Chrony.Tests;

public sealed class TrackingErrorBoundTests
{
    // The default test report of the daemon's tests: 2^-10 s delay, 2^-12 s dispersion, 2^-20 s correction.
    private static readonly ChronyFloat DefaultDelay = Floats.PowerOfTwo(-10);
    private static readonly ChronyFloat DefaultDispersion = Floats.PowerOfTwo(-12);
    private static readonly ChronyFloat DefaultCorrection = Floats.PowerOfTwo(-20);
    private const long DefaultBoundNanoseconds = 733_376; // 488281.25 + 244140.625 + 953.67431640625 = 733375.549...

    private static long Compute(ChronyFloat delay, ChronyFloat dispersion, ChronyFloat correction, long phc = 0)
    {
        TrackingErrorBoundFault fault = TrackingErrorBound.Compute(delay, dispersion, correction, phc, out UInt128 bound);
        Assert.Equal(TrackingErrorBoundFault.None, fault);
        return (long)bound;
    }

    private static TrackingErrorBoundFault Fault(ChronyFloat delay, ChronyFloat dispersion, ChronyFloat correction, long phc) =>
        TrackingErrorBound.Compute(delay, dispersion, correction, phc, out _);

    [Fact]
    public void AllZeroIsZero() => Assert.Equal(0, Compute(Floats.Zero, Floats.Zero, Floats.Zero));

    [Fact]
    public void DefaultReportBound()
    {
        Assert.Equal(DefaultBoundNanoseconds, Compute(DefaultDelay, DefaultDispersion, DefaultCorrection));
    }

    [Fact]
    public void WholeNanosecondsAreNotRoundedUpFurther()
    {
        // 2 s delay / 2 + 1 s dispersion = 2 s exactly.
        Assert.Equal(2_000_000_000, Compute(Floats.Seconds(2), Floats.Seconds(1), Floats.Zero));
    }

    [Fact]
    public void AnyFractionOfANanosecondRoundsUp()
    {
        // 2^-25 s delay → half is 2^-26 s = 14.901161193847656 ns → 15.
        Assert.Equal(15, Compute(Floats.PowerOfTwo(-25), Floats.Zero, Floats.Zero));
        // The smallest positive float, 2^-89 s, still makes the bound 1 ns.
        Assert.Equal(1, Compute(Floats.Zero, Floats.Zero, Floats.PowerOfTwo(-89)));
        Assert.Equal(1, Compute(Floats.PowerOfTwo(-89), Floats.Zero, Floats.Zero)); // halved: 2^-90 s
    }

    [Fact]
    public void TinyTermAddedToOneSecondIsNotLostWhereADoubleSumRoundsDown()
    {
        ChronyFloat dispersion = Floats.Seconds(1);
        ChronyFloat correction = Floats.PowerOfTwo(-89);
        // The double computation loses the tiny term and lands exactly on 1e9: unsound.
        double naive = Math.Ceiling((0.0 / 2 + dispersion.ToDouble() + Math.Abs(correction.ToDouble())) * 1e9);
        Assert.Equal(1_000_000_000d, naive);
        Assert.Equal(1_000_000_001, Compute(Floats.Zero, dispersion, correction));
    }

    [Fact]
    public void MillisecondTermsOnWholeNanosecondsPlusATinyCorrectionWhereADoubleRoundsDown()
    {
        // 2^-8 s / 2 + 2^-9 s = 3 906 250 ns exactly; a 2^-70 s correction must still add 1 ns.
        ChronyFloat delay = Floats.PowerOfTwo(-8);
        ChronyFloat dispersion = Floats.PowerOfTwo(-9);
        ChronyFloat correction = Floats.PowerOfTwo(-70);
        double naive = Math.Ceiling((delay.ToDouble() / 2 + dispersion.ToDouble() + Math.Abs(correction.ToDouble())) * 1e9);
        Assert.Equal(3_906_250d, naive);
        Assert.Equal(3_906_251, Compute(delay, dispersion, correction));
    }

    [Fact]
    public void LargeDelayOnAWholeNanosecondPlusTinyTermsWhereADoubleRoundsDown()
    {
        // Found by searching random inputs against exact rationals: 158720 × 2^-16 s = 2.421875 s.
        ChronyFloat delay = Floats.Make(158_720, 9);
        ChronyFloat dispersion = Floats.Make(10_318_294, -60);
        ChronyFloat correction = Floats.Make(3_065_438, -57);
        double naive = Math.Ceiling((delay.ToDouble() / 2 + dispersion.ToDouble() + Math.Abs(correction.ToDouble())) * 1e9);
        Assert.Equal(1_210_937_500d, naive);
        Assert.Equal(1_210_937_501, Compute(delay, dispersion, correction));
    }

    [Fact]
    public void CorrectionCountsByItsMagnitude()
    {
        ChronyFloat positive = Floats.Make(3, 0);
        ChronyFloat negative = Floats.Make(-3, 0);
        Assert.Equal(Compute(Floats.Zero, Floats.Zero, positive), Compute(Floats.Zero, Floats.Zero, negative));
        // The most negative coefficient, −2^24, has no positive counterpart in 25 bits: its magnitude still counts.
        ChronyFloat mostNegative = Floats.Make(-(1 << 24), 25 - 24); // −2^24 × 2^-24 = −1 s
        Assert.Equal(1_000_000_000, Compute(Floats.Zero, Floats.Zero, mostNegative));
    }

    [Fact]
    public void PhcBoundIsAddedExactly()
    {
        Assert.Equal(DefaultBoundNanoseconds + 12_345, Compute(DefaultDelay, DefaultDispersion, DefaultCorrection, 12_345));
    }

    [Fact]
    public void NegativeRootDelayFails()
    {
        Assert.Equal(TrackingErrorBoundFault.NegativeRootDelay, Fault(Floats.Make(-1, 0), Floats.Zero, Floats.Zero, 0));
    }

    [Fact]
    public void NegativeRootDispersionFails()
    {
        Assert.Equal(TrackingErrorBoundFault.NegativeRootDispersion, Fault(Floats.Zero, Floats.Make(-1, 0), Floats.Zero, 0));
    }

    [Fact]
    public void NegativePhcBoundFails()
    {
        Assert.Equal(TrackingErrorBoundFault.NegativePhcErrorBound, Fault(Floats.Zero, Floats.Zero, Floats.Zero, -1));
    }

    [Theory]
    [InlineData(63)] // (2^24 − 1) × 2^38 s
    [InlineData(40)]
    public void AbsurdlyLargeTermsFailWithoutOverflow(int exponent)
    {
        ChronyFloat huge = Floats.Make((1 << 24) - 1, exponent);
        Assert.Equal(TrackingErrorBoundFault.TooLarge, Fault(huge, Floats.Zero, Floats.Zero, 0));
        Assert.Equal(TrackingErrorBoundFault.TooLarge, Fault(Floats.Zero, huge, Floats.Zero, 0));
        Assert.Equal(TrackingErrorBoundFault.TooLarge, Fault(Floats.Zero, Floats.Zero, huge, 0));
        // Even then the exact value is known (for the message): (2^24 − 1) × 2^(exponent − 25) s, no overflow.
        TrackingErrorBound.Compute(Floats.Zero, huge, Floats.Zero, 0, out UInt128 exact);
        Assert.Equal((UInt128)((1L << 24) - 1) * 1_000_000_000 << (exponent - 25), exact);
    }

    [Fact]
    public void BoundAtTheMaximumIsAcceptedAndOneMoreFails()
    {
        // 10^9 s = 10^18 ns: 1e9 = 1953125 × 2^9.
        ChronyFloat billionSeconds = Floats.Make(1_953_125, 9 + 25);
        Assert.Equal(TrackingErrorBound.MaximumNanoseconds, Compute(Floats.Zero, billionSeconds, Floats.Zero));
        Assert.Equal(TrackingErrorBoundFault.TooLarge, Fault(Floats.Zero, billionSeconds, Floats.Zero, 1));
    }

    [Fact]
    public void MatchesAnExactRationalReferenceOnRandomInputs()
    {
        var random = new Random(20260101);
        int checkedCount = 0;
        for (int i = 0; i < 20_000; i++)
        {
            ChronyFloat delay = RandomFloat(random, nonNegative: true);
            ChronyFloat dispersion = RandomFloat(random, nonNegative: true);
            ChronyFloat correction = RandomFloat(random, nonNegative: false);
            long phc = random.Next(0, 3) == 0 ? random.Next(0, 1_000_000) : 0;
            BigInteger expected = ReferenceBound(delay, dispersion, correction) + phc;
            bool ok = TrackingErrorBound.Compute(delay, dispersion, correction, phc, out UInt128 bound) == TrackingErrorBoundFault.None;
            Assert.Equal(expected, (BigInteger)bound); // exact also when too large
            if (expected <= TrackingErrorBound.MaximumNanoseconds)
            {
                Assert.True(ok, $"{delay} {dispersion} {correction} {phc}");
                checkedCount++;
            }
            else
            {
                Assert.False(ok);
            }
        }
        Assert.True(checkedCount > 10_000);
    }

    [Fact]
    public void CeilingNanosecondsOfASingleFloat()
    {
        Assert.Equal(976_563, TrackingErrorBound.CeilingNanoseconds(Floats.PowerOfTwo(-10))); // 976 562.5 ns
        Assert.Equal(976_563, TrackingErrorBound.CeilingNanoseconds(Floats.Make(-1, -10 + 25)));
        Assert.Equal(1_000_000_000, TrackingErrorBound.CeilingNanoseconds(Floats.Seconds(1)));
        Assert.Equal(long.MaxValue, TrackingErrorBound.CeilingNanoseconds(Floats.Make((1 << 24) - 1, 63)));
    }

    private static ChronyFloat RandomFloat(Random random, bool nonNegative)
    {
        int coefficient = random.Next(0, 1 << 24);
        if (!nonNegative && random.Next(2) == 0)
        {
            coefficient = -coefficient - 1;
        }
        // Mostly realistic magnitudes (µs..s), sometimes the whole exponent range.
        int exponent = random.Next(4) == 0 ? random.Next(-64, 64) : random.Next(-20, 1);
        return Floats.Make(coefficient, exponent);
    }

    /// <summary>ceil((delay/2 + dispersion + |correction|) × 1e9) with exact rationals (BigInteger).</summary>
    private static BigInteger ReferenceBound(ChronyFloat delay, ChronyFloat dispersion, ChronyFloat correction)
    {
        const int Scale = 200; // common denominator 2^200
        BigInteger Term(long c, int p) => new BigInteger(c) << (p + Scale);
        BigInteger numerator = Term(delay.Coefficient, delay.PowerOfTwo - 1)
            + Term(dispersion.Coefficient, dispersion.PowerOfTwo)
            + Term(Math.Abs((long)correction.Coefficient), correction.PowerOfTwo);
        BigInteger scaled = numerator * 1_000_000_000;
        BigInteger denominator = BigInteger.One << Scale;
        return BigInteger.DivRem(scaled, denominator, out BigInteger remainder) + (remainder.IsZero ? 0 : 1);
    }

    /// <summary>Chrony floats from their parts: value = coefficient × 2^(exponent − 25).</summary>
    private static class Floats
    {
        public static readonly ChronyFloat Zero = new(0);

        public static ChronyFloat Make(int coefficient, int exponent) =>
            new(((uint)(exponent & 0x7F) << 25) | ((uint)coefficient & 0x01FF_FFFF));

        public static ChronyFloat PowerOfTwo(int power) => Make(1, power + 25);

        public static ChronyFloat Seconds(int wholeSeconds) => Make(wholeSeconds, 25);
    }
}
