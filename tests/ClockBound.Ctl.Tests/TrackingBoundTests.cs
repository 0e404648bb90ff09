using ClockBound.Chrony;

namespace ClockBound.Ctl.Tests;

public sealed class TrackingBoundTests
{
    [Fact]
    public void BoundIsHalfTheDelayPlusDispersionPlusTheCorrectionMagnitudeRoundedUpOnce()
    {
        // 2^-20 s = 953.67431640625 ns. delay / 2 + dispersion + |correction| = 476.837158203125
        // + 953.67431640625 + 953.67431640625 = 2384.185791015625 ns → 2385.
        TrackingReport report = Reports.EveryFieldDistinct() with
        {
            RootDelay = Floats.Of(1, -20),
            RootDispersion = Floats.Of(1, -20),
            CurrentCorrection = Floats.Of(-1, -20),
        };

        Assert.Equal(new TrackingBound(2385, null), TrackingBound.For(report));
    }

    [Fact]
    public void SumIsExactBeforeTheCeiling()
    {
        // Each term is 2^-31 s (0.4656612873077392578125 ns; the delay counts half): rounded up one
        // by one they would make 3 ns; summed exactly first, 1.3969838619232177734375 ns → 2.
        TrackingReport report = Reports.EveryFieldDistinct() with
        {
            RootDelay = Floats.Of(2, -31),
            RootDispersion = Floats.Of(1, -31),
            CurrentCorrection = Floats.Of(1, -31),
        };

        Assert.Equal(2, TrackingBound.For(report).Nanoseconds);
    }

    [Fact]
    public void ZeroGivesZero()
    {
        TrackingReport report = Reports.EveryFieldDistinct() with
        {
            RootDelay = Floats.Of(0, 0),
            RootDispersion = Floats.Of(0, 0),
            CurrentCorrection = Floats.Of(0, 0),
        };

        Assert.Equal(0, TrackingBound.For(report).Nanoseconds);
    }

    [Fact]
    public void NegativeRootDelayHasNoBound()
    {
        TrackingBound bound = TrackingBound.For(Reports.EveryFieldDistinct() with { RootDelay = Floats.Of(-1, -20) });

        Assert.Equal(new TrackingBound(null, "root delay is negative"), bound);
    }

    [Fact]
    public void NegativeRootDispersionHasNoBound()
    {
        TrackingBound bound = TrackingBound.For(Reports.EveryFieldDistinct() with { RootDispersion = Floats.Of(-1, -20) });

        Assert.Equal(new TrackingBound(null, "root dispersion is negative"), bound);
    }

    [Fact]
    public void AnAbsurdBoundIsRefusedLikeTheDaemonDoes()
    {
        TrackingBound bound = TrackingBound.For(Reports.EveryFieldDistinct() with { RootDispersion = Floats.Of(16_777_215, 38) });

        Assert.Null(bound.Nanoseconds);
        Assert.StartsWith("the bound would be ", bound.Error);
        Assert.EndsWith("ns, more than the daemon publishes (1000000000000000000 ns)", bound.Error);
    }

    [Fact]
    public void LargestAllowedBoundIsAccepted()
    {
        // 10^18 ns = 10^9 s; 10^9 = 2^9 × 1953125 fits a chrony float exactly.
        TrackingReport report = Reports.EveryFieldDistinct() with
        {
            RootDelay = Floats.Of(0, 0),
            RootDispersion = Floats.Of(1_953_125, 9),
            CurrentCorrection = Floats.Of(0, 0),
        };

        Assert.Equal(TrackingBound.MaximumNanoseconds, TrackingBound.For(report).Nanoseconds);
    }
}
