using ClockBound.Chrony;
using ClockBound.Daemon.Tests.Fakes;

namespace ClockBound.Daemon.Tests;

/// <summary>The reasons a sample fails, as the daemon logs them (the formula itself: ClockBound.Chrony.Tests/TrackingErrorBoundTests).</summary>
public sealed class TrackingSampleEvaluatorTests
{
    private const uint Phc0 = 0x50484330;

    private static string? Error(TrackingReport report, long phc = 0, SampleFailure expected = SampleFailure.BoundRejected)
    {
        var evaluator = new TrackingSampleEvaluator(Phc0, new FixedPhc(phc));
        Assert.Equal(expected, evaluator.Evaluate(report, Reports.RealtimeStart, out _, out string? error));
        return error;
    }

    [Fact]
    public void NegativeRootDelayFails() =>
        Assert.Contains("root_delay is negative", Error(Reports.Synchronized(rootDelay: Floats.Make(-1, 0))));

    [Fact]
    public void NegativeRootDispersionFails() =>
        Assert.Contains("root_dispersion is negative", Error(Reports.Synchronized(rootDispersion: Floats.Make(-1, 0))));

    [Fact]
    public void NegativePhcBoundFails() =>
        Assert.Contains("PHC", Error(Reports.Synchronized(refId: Phc0), phc: -1));

    [Theory]
    [InlineData(63)] // (2^24 − 1) × 2^38 s
    [InlineData(40)]
    public void AbsurdlyLargeTermsFailWithoutOverflow(int exponent)
    {
        ChronyFloat huge = Floats.Make((1 << 24) - 1, exponent);
        string? e1 = Error(Reports.Synchronized(rootDelay: huge));
        Error(Reports.Synchronized(rootDispersion: huge));
        Error(Reports.Synchronized(currentCorrection: huge, ageNanoseconds: 0));
        Assert.Contains("absurd", e1);
    }

    [Fact]
    public void BoundAtTheMaximumIsAcceptedAndOneMoreFails()
    {
        // 10^9 s = 10^18 ns: 1e9 = 1953125 × 2^9.
        TrackingReport report = Reports.Synchronized(
            rootDelay: Floats.Zero, rootDispersion: Floats.Make(1_953_125, 9 + 25), currentCorrection: Floats.Zero, refId: Phc0);
        var evaluator = new TrackingSampleEvaluator(Phc0, new FixedPhc(0));
        Assert.Equal(SampleFailure.None, evaluator.Evaluate(report, Reports.RealtimeStart, out TrackingSample sample, out _));
        Assert.Equal(TrackingErrorBound.MaximumNanoseconds, sample.BoundNanoseconds);
        Assert.Contains("more than", Error(report, phc: 1));
    }

    private sealed class FixedPhc(long bound) : IPhcErrorBoundSource
    {
        public long ReadErrorBoundNanoseconds() => bound;
    }
}
