using System.Numerics;
using ClockBound.Shm;

namespace ClockBound.Client.Tests;

/// <summary>The reader's arithmetic, as tables: every status rule, every boundary, no clocks.</summary>
public sealed class NowCalculatorTests
{
    private const long S = 1_000_000_000;
    private const long AsOf = 100 * S;
    private const long VoidAfter = AsOf + 1000 * S;
    private const long Real = 1_700_000_000 * S;

    // The tables below are the spec's arithmetic; the coarse clock's margin has its own tests.
    private const long NoResolution = 0;
    private const long Tick = 4_000_000; // CLOCK_MONOTONIC_COARSE at HZ=250

    private static ClockErrorBound Snapshot(ClockStatus status, long bound = 1_000, uint drift = 0,
        long asOf = AsOf, long voidAfter = VoidAfter) => new()
        {
            AsOfNanoseconds = asOf,
            VoidAfterNanoseconds = voidAfter,
            BoundNanoseconds = bound,
            MaxDriftPpb = drift,
            Status = status,
        };

    [Theory]
    // Synchronized: as it is through the grace, FreeRunning from as_of + 5 s, Unknown from void_after.
    [InlineData(ClockStatus.Synchronized, 0, ClockStatus.Synchronized)]
    [InlineData(ClockStatus.Synchronized, 5 * S - 1, ClockStatus.Synchronized)]
    [InlineData(ClockStatus.Synchronized, 5 * S, ClockStatus.FreeRunning)]
    [InlineData(ClockStatus.Synchronized, 1000 * S - 1, ClockStatus.FreeRunning)]
    [InlineData(ClockStatus.Synchronized, 1000 * S, ClockStatus.Unknown)]
    [InlineData(ClockStatus.Synchronized, 5000 * S, ClockStatus.Unknown)]
    // FreeRunning: the same rules.
    [InlineData(ClockStatus.FreeRunning, 0, ClockStatus.FreeRunning)]
    [InlineData(ClockStatus.FreeRunning, 5 * S - 1, ClockStatus.FreeRunning)]
    [InlineData(ClockStatus.FreeRunning, 5 * S, ClockStatus.FreeRunning)]
    [InlineData(ClockStatus.FreeRunning, 1000 * S - 1, ClockStatus.FreeRunning)]
    [InlineData(ClockStatus.FreeRunning, 1000 * S, ClockStatus.Unknown)]
    // Unknown and Disrupted are reported as they are, at any age.
    [InlineData(ClockStatus.Unknown, 0, ClockStatus.Unknown)]
    [InlineData(ClockStatus.Unknown, 5 * S, ClockStatus.Unknown)]
    [InlineData(ClockStatus.Unknown, 1000 * S, ClockStatus.Unknown)]
    [InlineData(ClockStatus.Disrupted, 0, ClockStatus.Disrupted)]
    [InlineData(ClockStatus.Disrupted, 5 * S, ClockStatus.Disrupted)]
    [InlineData(ClockStatus.Disrupted, 1000 * S, ClockStatus.Disrupted)]
    // Coarse-clock blur: up to 1 µs before as_of counts as as_of.
    [InlineData(ClockStatus.Synchronized, -1, ClockStatus.Synchronized)]
    [InlineData(ClockStatus.Synchronized, -1_000, ClockStatus.Synchronized)]
    [InlineData(ClockStatus.FreeRunning, -1_000, ClockStatus.FreeRunning)]
    [InlineData(ClockStatus.Disrupted, -1_000, ClockStatus.Disrupted)]
    public void StatusFollowsTheAgeOfTheSnapshot(ClockStatus published, long monoMinusAsOf, ClockStatus expected)
    {
        ClockBoundNow now = NowCalculator.Compute(Snapshot(published), Real, AsOf + monoMinusAsOf, disruptionMarkerMismatch: false, NoResolution);
        Assert.Equal(expected, now.Status);
    }

    [Theory]
    [InlineData(ClockStatus.Synchronized)]
    [InlineData(ClockStatus.FreeRunning)]
    [InlineData(ClockStatus.Unknown)]
    [InlineData(ClockStatus.Disrupted)]
    public void DisruptionMarkerMismatchIsUnknown(ClockStatus published)
    {
        ClockBoundNow now = NowCalculator.Compute(Snapshot(published), Real, AsOf, disruptionMarkerMismatch: true, NoResolution);
        Assert.Equal(ClockStatus.Unknown, now.Status);
        Assert.Equal(1_000, now.BoundNanoseconds);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void StatusOutsideTheEnumIsUnknown(int raw)
    {
        ClockBoundNow now = NowCalculator.Compute(Snapshot((ClockStatus)raw), Real, AsOf, false, NoResolution);
        Assert.Equal(ClockStatus.Unknown, now.Status);
    }

    [Fact]
    public void VoidAfterWithinTheGraceStillVoidsTheData()
    {
        // A segment that says "do not trust after as_of + 2 s" is obeyed even inside the 5 s grace.
        ClockErrorBound snapshot = Snapshot(ClockStatus.Synchronized, voidAfter: AsOf + 2 * S);
        Assert.Equal(ClockStatus.Synchronized, NowCalculator.Compute(snapshot, Real, AsOf + 2 * S - 1, false, NoResolution).Status);
        Assert.Equal(ClockStatus.Unknown, NowCalculator.Compute(snapshot, Real, AsOf + 2 * S, false, NoResolution).Status);
    }

    [Theory]
    [InlineData(-1_001)]
    [InlineData(-1 * S)]
    [InlineData(-AsOf)]
    public void MonotonicBeforeTheBlurIsACausalityBreach(long monoMinusAsOf)
    {
        var e = Assert.Throws<ClockBoundException>(() =>
            NowCalculator.Compute(Snapshot(ClockStatus.Synchronized), Real, AsOf + monoMinusAsOf, false, NoResolution));
        Assert.Equal(ClockBoundErrorKind.CausalityBreach, e.Kind);
        Assert.Null(e.Errno);
    }

    [Fact]
    public void CausalityBreachAtTheFarEndsDoesNotOverflow()
    {
        var e = Assert.Throws<ClockBoundException>(() =>
            NowCalculator.Compute(Snapshot(ClockStatus.Synchronized, asOf: long.MaxValue, voidAfter: long.MaxValue), Real, long.MinValue, false, NoResolution));
        Assert.Equal(ClockBoundErrorKind.CausalityBreach, e.Kind);
    }

    [Theory]
    // The blur counts as no time elapsed: no drift at all.
    [InlineData(1_000, 1_000_000, -1_000, 1_000)]
    [InlineData(1_000, 1_000_000, -1, 1_000)]
    [InlineData(1_000, 1_000_000, 0, 1_000)]
    // One ns of drift rounds up to one ns, never down to zero.
    [InlineData(1_000, 1, 1, 1_001)]
    [InlineData(1_000, 1_000_000, 1, 1_001)]
    [InlineData(1_000, 999_999_999, 1, 1_001)]
    // 3 ppb: 333 333 333 ns gives 0.999999999 ns (1), 333 333 334 ns gives 1.000000002 ns (2).
    [InlineData(1_000, 3, 333_333_333, 1_001)]
    [InlineData(1_000, 3, 333_333_334, 1_002)]
    // Whole seconds are exact: 50 ppm over 1 s is 50 µs, over 1.5 s 75 µs, plus a 1 ns remainder rounds up.
    [InlineData(1_000, 50_000, S, 51_000)]
    [InlineData(1_000, 50_000, S + S / 2, 76_000)]
    [InlineData(1_000, 50_000, S + 1, 51_001)]
    // Zero drift: the bound stays put at any age.
    [InlineData(1_000, 0, 1, 1_000)]
    [InlineData(1_000, 0, 999 * S, 1_000)]
    [InlineData(0, 0, 0, 0)]
    public void BoundGrowsByTheDriftRoundedUp(long bound, uint drift, long monoMinusAsOf, long expectedBound)
    {
        ClockBoundNow now = NowCalculator.Compute(Snapshot(ClockStatus.Synchronized, bound, drift), Real, AsOf + monoMinusAsOf, false, NoResolution);
        Assert.Equal(expectedBound, now.BoundNanoseconds);
        Assert.Equal(Real - expectedBound, now.Earliest.UnixTimeNanoseconds);
        Assert.Equal(Real + expectedBound, now.Latest.UnixTimeNanoseconds);
    }

    [Theory]
    // elapsed = long.MaxValue ns (292 years) with the largest drift a u32 holds: saturates, no wrap.
    [InlineData(0, long.MaxValue, 1_000, uint.MaxValue)]
    [InlineData(0, long.MaxValue, 1_000, 999_999_999u)]
    [InlineData(0, long.MaxValue, 0, 1u)]
    [InlineData(0, long.MaxValue, long.MaxValue, 1u)]
    [InlineData(0, long.MaxValue, long.MaxValue, 0u)]
    // elapsed beyond long.MaxValue (as_of negative in an unchecked snapshot): still exact or saturated.
    [InlineData(long.MinValue, long.MaxValue, 0, 1u)]
    [InlineData(long.MinValue, long.MaxValue, 0, 0u)]
    // Either side of the 64-bit fast path (elapsed below 2^32 ns).
    [InlineData(0, 4_294_967_295, 1_000, uint.MaxValue)]
    [InlineData(0, 4_294_967_296, 1_000, uint.MaxValue)]
    [InlineData(0, 4_294_967_296, 1_000, 1u)]
    // Large but representable: exact.
    [InlineData(0, 1_000_000 * S, 1_000, 50_000u)]
    [InlineData(0, 9_000_000_000 * S, 0, 1u)]
    [InlineData(0, 4_000_000_000 * S + 123_456_789, 7, 2_000_000_000u)]
    public void HugeElapsedTimesSaturateInsteadOfOverflowing(long asOf, long mono, long bound, uint drift)
    {
        ClockErrorBound snapshot = Snapshot(ClockStatus.Unknown, bound, drift, asOf: asOf, voidAfter: long.MaxValue);
        ClockBoundNow now = NowCalculator.Compute(snapshot, Real, mono, false, NoResolution);
        Assert.Equal(ExactBound(bound, drift, (BigInteger)mono - asOf), now.BoundNanoseconds);
        Assert.True(now.Earliest <= now.Latest);
    }

    [Fact]
    public void DriftMatchesExactArithmeticForManyInputs()
    {
        var random = new Random(20240506);
        for (int i = 0; i < 20_000; i++)
        {
            long bound = random.Next(4) == 0 ? random.NextInt64() : random.NextInt64(0, 10_000_000_000);
            uint drift = random.Next(3) switch
            {
                0 => (uint)random.NextInt64(0, 1L << 32),
                1 => (uint)random.Next(0, 1_000_000_000),
                _ => (uint)random.Next(0, 1_000_000),
            };
            ulong elapsed = random.Next(3) switch
            {
                0 => (ulong)random.NextInt64() * 2 + (ulong)random.Next(2),
                1 => (ulong)random.NextInt64(0, 10_000 * S),
                _ => (ulong)random.NextInt64(0, 10 * S),
            };
            Assert.Equal(ExactBound(bound, drift, elapsed), NowCalculator.AddDrift(bound, drift, elapsed));
        }
    }

    [Theory]
    [InlineData(long.MaxValue - 5, 10, long.MaxValue - 15, long.MaxValue)]
    [InlineData(long.MinValue + 5, 10, long.MinValue, long.MinValue + 15)]
    [InlineData(0, long.MaxValue, -long.MaxValue, long.MaxValue)]
    [InlineData(-1, long.MaxValue, long.MinValue, long.MaxValue - 1)]
    [InlineData(long.MaxValue, long.MaxValue, 0, long.MaxValue)]
    [InlineData(long.MinValue, long.MaxValue, long.MinValue, -1)]
    public void IntervalSaturatesAtTheEndsOfTheRange(long real, long bound, long expectedEarliest, long expectedLatest)
    {
        ClockBoundNow now = NowCalculator.Compute(Snapshot(ClockStatus.Synchronized, bound), real, AsOf, false, NoResolution);
        Assert.Equal(expectedEarliest, now.Earliest.UnixTimeNanoseconds);
        Assert.Equal(expectedLatest, now.Latest.UnixTimeNanoseconds);
        Assert.Equal(bound, now.BoundNanoseconds);
    }

    [Fact]
    public void NegativeBoundIsMalformedNotAnInvertedInterval()
    {
        var e = Assert.Throws<ClockBoundException>(() =>
            NowCalculator.Compute(Snapshot(ClockStatus.Synchronized, bound: -1), Real, AsOf, false, NoResolution));
        Assert.Equal(ClockBoundErrorKind.SegmentMalformed, e.Kind);
    }

    [Fact]
    public void IntervalIsCentredOnRealtime()
    {
        ClockBoundNow now = NowCalculator.Compute(Snapshot(ClockStatus.Synchronized, bound: 42_000, drift: 50_000), Real, AsOf + 2 * S, false, NoResolution);
        Assert.Equal(142_000, now.BoundNanoseconds);
        Assert.Equal(UnixInstant.FromUnixTimeNanoseconds(Real - 142_000), now.Earliest);
        Assert.Equal(UnixInstant.FromUnixTimeNanoseconds(Real + 142_000), now.Latest);
        Assert.Equal(ClockStatus.Synchronized, now.Status);
    }

    [Theory]
    // 50 ppm over one 4 ms tick is 200 ns: the margin for a coarse reading one tick behind.
    [InlineData(1_000, 50_000, 0, 1_200)]
    [InlineData(1_000, 50_000, S, 51_200)]
    // Rounded up like the rest of the drift: 1 ppb over 4 ms is 0.004 ns, so 1 ns.
    [InlineData(1_000, 1, 0, 1_001)]
    // No drift, no margin.
    [InlineData(1_000, 0, S, 1_000)]
    public void TheCoarseClocksResolutionIsAddedToElapsedInTheDrift(long bound, uint drift, long monoMinusAsOf, long expectedBound)
    {
        ClockBoundNow now = NowCalculator.Compute(Snapshot(ClockStatus.Synchronized, bound, drift), Real, AsOf + monoMinusAsOf, false, Tick);
        Assert.Equal(expectedBound, now.BoundNanoseconds);
        // The status thresholds still use the reading itself: the margin only widens the bound.
        Assert.Equal(ClockStatus.Synchronized, now.Status);
    }

    [Theory]
    // A negative resolution counts as none; a negative as_of takes the saturating path and must agree.
    [InlineData(AsOf, -1)]
    [InlineData(AsOf, long.MinValue)]
    [InlineData(-AsOf, -1)]
    [InlineData(-AsOf, 0)]
    public void ANegativeResolutionOrAsOfGivesTheSameBoundAsTheExactSum(long asOf, long resolution)
    {
        ClockErrorBound snapshot = Snapshot(ClockStatus.Synchronized, bound: 1_000, drift: 50_000, asOf: asOf, voidAfter: long.MaxValue);
        long elapsed = 3 * S;
        ClockBoundNow now = NowCalculator.Compute(snapshot, Real, asOf + elapsed, false, resolution);
        Assert.Equal(ExactBound(1_000, 50_000, elapsed + Math.Max(resolution, 0)), now.BoundNanoseconds);
    }

    [Fact]
    public void TheResolutionMarginSaturatesAtTheEndOfTheRange()
    {
        ClockErrorBound snapshot = Snapshot(ClockStatus.Unknown, bound: 0, drift: 999_999_999, asOf: long.MinValue, voidAfter: long.MaxValue);
        ClockBoundNow now = NowCalculator.Compute(snapshot, Real, long.MaxValue, false, long.MaxValue);
        Assert.Equal(long.MaxValue, now.BoundNanoseconds);
        Assert.Equal(ClockStatus.Unknown, now.Status);
    }

    /// <summary>bound + ⌈drift × elapsed / 1e9⌉ in exact arithmetic, saturated at long.MaxValue.</summary>
    private static long ExactBound(long bound, uint drift, BigInteger elapsed)
    {
        BigInteger product = drift * elapsed;
        BigInteger ceiling = (product + 999_999_999) / 1_000_000_000;
        BigInteger total = bound + ceiling;
        return total > long.MaxValue ? long.MaxValue : (long)total;
    }
}
