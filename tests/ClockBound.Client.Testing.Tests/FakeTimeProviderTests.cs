using ClockBound.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClockBound.Client.Testing.Tests;

/// <summary>FakeClockBound on the test suite's own FakeTimeProvider: one fake clock for both.</summary>
public sealed class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2031, 2, 3, 4, 5, 6, TimeSpan.Zero);

    [Fact]
    public void StartsAtTheProvidersTimeAndUsesIt()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new FakeClockBound(time);
        Assert.Same(time, clock.TimeProvider);
        Assert.Equal(UnixInstant.FromDateTimeOffset(Start), clock.Midpoint);
        ClockBoundNow now = clock.Now();
        Assert.Equal(FakeClockBound.DefaultBoundNanoseconds, now.BoundNanoseconds);
        Assert.Equal(ClockStatus.Synchronized, now.Status);
    }

    [Fact]
    public void AdvancingTheProviderAdvancesTheClock()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new FakeClockBound(time) { BoundNanoseconds = 500, Status = ClockStatus.FreeRunning };
        time.Advance(TimeSpan.FromMilliseconds(3));
        UnixInstant midpoint = UnixInstant.FromDateTimeOffset(Start) + TimeSpan.FromMilliseconds(3);
        Assert.Equal(midpoint, clock.Midpoint);
        Assert.Equal(new ClockBoundNow(midpoint.PlusNanoseconds(-500), midpoint.PlusNanoseconds(500), 500, ClockStatus.FreeRunning), clock.Now());
    }

    [Fact]
    public void AdvancingTheClockAdvancesTheProviderAndFiresItsTimers()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new FakeClockBound(time);
        int fired = 0;
        using ITimer timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
        Assert.Equal(Start.AddSeconds(1), time.GetUtcNow());
    }

    [Fact]
    public void SubTickNanosecondsMoveTheMidpointAndReachTheProviderAsWholeTicks()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new FakeClockBound(time);
        UnixInstant start = clock.Midpoint;
        clock.AdvanceNanoseconds(70);
        Assert.Equal(start.PlusNanoseconds(70), clock.Midpoint);
        Assert.Equal(Start, time.GetUtcNow());
        clock.AdvanceNanoseconds(50);
        Assert.Equal(start.PlusNanoseconds(120), clock.Midpoint);
        Assert.Equal(Start.AddTicks(1), time.GetUtcNow());
    }

    [Fact]
    public void SettingTheMidpointStepsTheClockOnlyAndItFollowsTheProviderAfterwards()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new FakeClockBound(time);
        UnixInstant stepped = UnixInstant.FromDateTimeOffset(Start) + TimeSpan.FromHours(1);
        clock.Midpoint = stepped;
        Assert.Equal(Start, time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(stepped + TimeSpan.FromSeconds(2), clock.Midpoint);
    }

    [Fact]
    public async Task CommitWaitCompletesWhenTheSuitesProviderAdvances()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new FakeClockBound(time);
        UnixInstant commit = clock.Now().Latest; // start + 1 ms: surely passed once the midpoint passes start + 2 ms
        Task<ClockBoundNow> wait = clock.CommitWaitAsync(commit, new CommitWaitOptions { TimeProvider = time }).AsTask();
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(3));
        ClockBoundNow proof = await wait.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(proof.Earliest > commit);
    }

    [Fact]
    public void OnARealProviderTheClockFollowsItAndAdvanceSaysWhatToDo()
    {
        var clock = new FakeClockBound(TimeProvider.System);
        UnixInstant before = UnixInstant.FromDateTimeOffset(DateTimeOffset.UtcNow);
        Assert.True(clock.Midpoint >= before);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => clock.Advance(TimeSpan.FromSeconds(1)));
        Assert.Contains("construct the clock on a FakeTimeProvider", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new FakeClockBound((TimeProvider)null!));
    }
}
