using ClockBound.Chrony;
using ClockBound.Daemon.Tests.Fakes;

namespace ClockBound.Daemon.Tests;

public sealed class ChronyStatusClassifierTests
{
    private const long Second = 1_000_000_000;
    private const long Now = Reports.RealtimeStart;

    [Theory]
    [InlineData(0, ChronyClockStatus.Synchronized)]
    [InlineData(1, ChronyClockStatus.Synchronized)]
    [InlineData(2, ChronyClockStatus.Synchronized)]
    [InlineData(3, ChronyClockStatus.FreeRunning)]
    [InlineData(4, ChronyClockStatus.Unknown)]
    [InlineData(0xFFFF, ChronyClockStatus.Unknown)]
    public void LeapStatusMapsToChronyStatus(ushort leap, ChronyClockStatus expected)
    {
        Assert.Equal(expected, ChronyStatusClassifier.FromLeapStatus(leap));
        TrackingReport report = Reports.Synchronized(Now, leapStatus: leap);
        Assert.True(ChronyStatusClassifier.TryClassify(report, Now, out ChronyClockStatus status, out string? error), error);
        Assert.Equal(expected, status);
    }

    [Fact]
    public void SynchronizedWithinEightUpdateIntervalsStaysSynchronized()
    {
        // interval 16 s → limit 128 s; exactly 128 s old is not "older than".
        TrackingReport report = Reports.Synchronized(Now, ageNanoseconds: 128 * Second, lastUpdateInterval: Floats.Seconds(16));
        Assert.True(ChronyStatusClassifier.TryClassify(report, Now, out ChronyClockStatus status, out _));
        Assert.Equal(ChronyClockStatus.Synchronized, status);
    }

    [Fact]
    public void SynchronizedOlderThanEightUpdateIntervalsIsFreeRunning()
    {
        TrackingReport report = Reports.Synchronized(Now, ageNanoseconds: 128 * Second + 1, lastUpdateInterval: Floats.Seconds(16));
        Assert.True(ChronyStatusClassifier.TryClassify(report, Now, out ChronyClockStatus status, out _));
        Assert.Equal(ChronyClockStatus.FreeRunning, status);
    }

    [Fact]
    public void StaleLimitIsTruncatedToWholeSeconds()
    {
        // interval 1.875 s (15 × 2^-3) → 8 × 1.875 = 15 s exactly; 1.9375 s (31 × 2^-4) → 15.5 s, truncated to 15 s.
        ChronyFloat interval = Floats.Make(31, -4 + 25);
        Assert.Equal(15 * Second, (long)ChronyStatusClassifier.StaleLimitNanoseconds(interval));
        TrackingReport fresh = Reports.Synchronized(Now, ageNanoseconds: 15 * Second, lastUpdateInterval: interval);
        TrackingReport stale = Reports.Synchronized(Now, ageNanoseconds: 15 * Second + 400_000_000, lastUpdateInterval: interval);
        Assert.True(ChronyStatusClassifier.TryClassify(fresh, Now, out ChronyClockStatus s1, out _));
        Assert.True(ChronyStatusClassifier.TryClassify(stale, Now, out ChronyClockStatus s2, out _));
        Assert.Equal(ChronyClockStatus.Synchronized, s1);
        Assert.Equal(ChronyClockStatus.FreeRunning, s2);
    }

    [Fact]
    public void ZeroUpdateIntervalMakesAnyAgeStale()
    {
        TrackingReport report = Reports.Synchronized(Now, ageNanoseconds: 1, lastUpdateInterval: Floats.Zero);
        Assert.True(ChronyStatusClassifier.TryClassify(report, Now, out ChronyClockStatus status, out _));
        Assert.Equal(ChronyClockStatus.FreeRunning, status);
    }

    [Fact]
    public void HugeUpdateIntervalDoesNotOverflow()
    {
        TrackingReport report = Reports.Synchronized(Now, ageNanoseconds: 1_000_000 * Second, lastUpdateInterval: Floats.Make((1 << 24) - 1, 63));
        Assert.True(ChronyStatusClassifier.TryClassify(report, Now, out ChronyClockStatus status, out _));
        Assert.Equal(ChronyClockStatus.Synchronized, status);
    }

    [Fact]
    public void StalenessDoesNotApplyToUnsynchronisedReports()
    {
        TrackingReport report = Reports.Synchronized(Now, ageNanoseconds: 10_000 * Second, leapStatus: 3);
        Assert.True(ChronyStatusClassifier.TryClassify(report, Now, out ChronyClockStatus status, out _));
        Assert.Equal(ChronyClockStatus.FreeRunning, status);
    }

    [Fact]
    public void RefTimeInTheFutureIsAnError()
    {
        TrackingReport report = Reports.Synchronized(Now, ageNanoseconds: -Second, currentCorrection: Floats.Zero);
        Assert.False(ChronyStatusClassifier.TryClassify(report, Now, out _, out string? error));
        Assert.Contains("future", error);
    }

    [Fact]
    public void RefTimeInTheFutureIsAnErrorForAnUnsynchronisedReportToo()
    {
        TrackingReport report = Reports.Synchronized(Now, ageNanoseconds: -Second, leapStatus: 3, currentCorrection: Floats.Zero);
        Assert.False(ChronyStatusClassifier.TryClassify(report, Now, out _, out string? error));
        Assert.Contains("future", error);
    }

    [Fact]
    public void RefTimeAheadByLessThanTheCurrentCorrectionIsJustNow()
    {
        // chronyd's ref_time is on its corrected scale, ahead of CLOCK_REALTIME by up to |current_correction| (here 2^-10 s ≈ 977 µs).
        TrackingReport within = Reports.Synchronized(Now, ageNanoseconds: -976_000, currentCorrection: Floats.PowerOfTwo(-10));
        TrackingReport beyond = Reports.Synchronized(Now, ageNanoseconds: -978_000, currentCorrection: Floats.PowerOfTwo(-10));
        Assert.True(ChronyStatusClassifier.TryClassify(within, Now, out ChronyClockStatus status, out _));
        Assert.Equal(ChronyClockStatus.Synchronized, status);
        Assert.False(ChronyStatusClassifier.TryClassify(beyond, Now, out _, out _));
    }

    [Fact]
    public void NegativeCorrectionGivesTheSameTolerance()
    {
        TrackingReport within = Reports.Synchronized(Now, ageNanoseconds: -976_000, currentCorrection: Floats.Make(-1, -10 + 25));
        Assert.True(ChronyStatusClassifier.TryClassify(within, Now, out _, out _));
    }

    [Fact]
    public void MalformedRefTimeNanosecondsIsAnError()
    {
        TrackingReport report = Reports.Synchronized(Now) with { RefTimeNanoseconds = 1_000_000_000 };
        Assert.False(ChronyStatusClassifier.TryClassify(report, Now, out _, out string? error));
        Assert.Contains("malformed", error);
    }

    [Fact]
    public void NegativeUpdateIntervalIsAnError()
    {
        TrackingReport report = Reports.Synchronized(Now, lastUpdateInterval: Floats.Make(-16, 25));
        Assert.False(ChronyStatusClassifier.TryClassify(report, Now, out _, out string? error));
        Assert.Contains("last_update_interval", error);
    }
}
