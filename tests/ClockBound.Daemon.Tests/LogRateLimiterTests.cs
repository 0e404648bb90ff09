using ClockBound.Daemon.Tests.Fakes;

namespace ClockBound.Daemon.Tests;

public sealed class LogRateLimiterTests
{
    private const long Second = 1_000_000_000;

    private readonly FakeClock _clock = new();
    private readonly LogRateLimiter _limiter;

    public LogRateLimiterTests() => _limiter = new LogRateLimiter(_clock, TimeSpan.FromSeconds(60));

    [Fact]
    public void FirstOccurrenceIsLoggedAtOnceWithNothingSuppressed()
    {
        Assert.True(_limiter.ShouldLog(LogReason.TrackingQueryFailed, out int suppressed));
        Assert.Equal(0, suppressed);
    }

    [Fact]
    public void RepeatsWithinTheIntervalAreCountedAndReportedWithTheNextLine()
    {
        Assert.True(_limiter.ShouldLog(LogReason.TrackingQueryFailed, out _));
        for (int i = 0; i < 599; i++)
        {
            _clock.Advance(Second / 10);
            Assert.False(_limiter.ShouldLog(LogReason.TrackingQueryFailed, out _));
        }
        _clock.Advance(Second / 10); // 60 s after the first line
        Assert.True(_limiter.ShouldLog(LogReason.TrackingQueryFailed, out int suppressed));
        Assert.Equal(599, suppressed);
    }

    [Fact]
    public void ReasonsAreLimitedIndependently()
    {
        Assert.True(_limiter.ShouldLog(LogReason.Sigusr1Ignored, out _));
        Assert.True(_limiter.ShouldLog(LogReason.Sigusr2Ignored, out _));
        Assert.False(_limiter.ShouldLog(LogReason.Sigusr1Ignored, out _));
    }

    [Fact]
    public void ClearSaysWhetherALineWasWrittenAndHowManyWereHeldBackThenLetsTheNextOneThrough()
    {
        Assert.False(_limiter.Clear(LogReason.SegmentWriteFailed, out int none));
        Assert.Equal(0, none);

        Assert.True(_limiter.ShouldLog(LogReason.SegmentWriteFailed, out _));
        Assert.False(_limiter.ShouldLog(LogReason.SegmentWriteFailed, out _));
        Assert.False(_limiter.ShouldLog(LogReason.SegmentWriteFailed, out _));
        Assert.True(_limiter.Clear(LogReason.SegmentWriteFailed, out int suppressed));
        Assert.Equal(2, suppressed);

        Assert.True(_limiter.ShouldLog(LogReason.SegmentWriteFailed, out int after));
        Assert.Equal(0, after);
    }

    [Fact]
    public void PersistentReasonsRepeatAtTheirOwnSlowerInterval()
    {
        var limiter = new LogRateLimiter(_clock, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));
        Assert.True(limiter.ShouldLog(LogReason.ChronyUnreachable, out _));
        Assert.True(limiter.ShouldLog(LogReason.TrackingQueryFailed, out _));

        _clock.Advance(60 * Second);
        Assert.True(limiter.ShouldLog(LogReason.TrackingQueryFailed, out _));
        Assert.False(limiter.ShouldLog(LogReason.ChronyUnreachable, out _));

        _clock.Advance(539 * Second); // 599 s after the first
        Assert.False(limiter.ShouldLog(LogReason.ChronyUnreachable, out _));
        _clock.Advance(Second);
        Assert.True(limiter.ShouldLog(LogReason.ChronyUnreachable, out int suppressed));
        Assert.Equal(2, suppressed);
        Assert.Equal(TimeSpan.FromMinutes(10), limiter.IntervalOf(LogReason.ChronyUnreachable));
        Assert.Equal(TimeSpan.FromSeconds(60), limiter.IntervalOf(LogReason.TrackingQueryFailed));
    }

    [Fact]
    public void OneIntervalAppliesToEveryReasonWhenOnlyOneIsGiven()
    {
        Assert.True(_limiter.ShouldLog(LogReason.ChronyUnreachable, out _));
        _clock.Advance(60 * Second);
        Assert.True(_limiter.ShouldLog(LogReason.ChronyUnreachable, out _));
    }
}
