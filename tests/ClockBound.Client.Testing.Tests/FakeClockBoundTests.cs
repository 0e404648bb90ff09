using ClockBound.Testing;

namespace ClockBound.Client.Testing.Tests;

public sealed class FakeClockBoundTests
{
    private static readonly UnixInstant Start = FakeClockBound.DefaultStart;

    [Fact]
    public void DefaultsAreASynchronizedClockAtTheStartWithAMillisecondBound()
    {
        var clock = new FakeClockBound();
        ClockBoundNow now = clock.Now();
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), Start.ToDateTimeOffsetFloor());
        Assert.Equal(Start.PlusNanoseconds(-1_000_000), now.Earliest);
        Assert.Equal(Start.PlusNanoseconds(1_000_000), now.Latest);
        Assert.Equal(1_000_000, now.BoundNanoseconds);
        Assert.Equal(ClockStatus.Synchronized, now.Status);
    }

    [Fact]
    public void SettersChangeWhatNowAnswers()
    {
        var clock = new FakeClockBound(Start, 10, ClockStatus.Synchronized);
        clock.Midpoint = Start.PlusNanoseconds(500);
        clock.BoundNanoseconds = 20;
        clock.Status = ClockStatus.Disrupted;
        Assert.Equal(new ClockBoundNow(Start.PlusNanoseconds(480), Start.PlusNanoseconds(520), 20, ClockStatus.Disrupted), clock.Now());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.BoundNanoseconds = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FakeClockBound(Start, -1));
    }

    [Fact]
    public void IntervalSaturatesAtTheEndsOfTheRange()
    {
        var clock = new FakeClockBound(UnixInstant.MaxValue.PlusNanoseconds(-5), boundNanoseconds: 10);
        Assert.Equal(UnixInstant.MaxValue, clock.Now().Latest);
        clock.Midpoint = UnixInstant.MinValue;
        Assert.Equal(UnixInstant.MinValue, clock.Now().Earliest);
    }

    [Fact]
    public void ErrorIsThrownUntilCleared()
    {
        var clock = new FakeClockBound();
        var error = new ClockBoundException(ClockBoundErrorKind.CausalityBreach, "test");
        clock.Error = error;
        Assert.Same(error, Assert.Throws<ClockBoundException>(() => clock.Now()));
        clock.Error = null;
        Assert.Equal(ClockStatus.Synchronized, clock.Now().Status);
    }

    [Fact]
    public void AdvanceMovesTheClockAndItsTimeProvider()
    {
        var clock = new FakeClockBound();
        TimeProvider time = clock.TimeProvider;
        long timestamp = time.GetTimestamp();
        clock.Advance(TimeSpan.FromTicks(15));
        clock.AdvanceNanoseconds(7);
        Assert.Equal(Start.PlusNanoseconds(1_507), clock.Midpoint);
        Assert.Equal(TimeSpan.FromTicks(15), time.GetElapsedTime(timestamp)); // 1 507 ns: whole ticks only
        Assert.Equal(1_507, time.GetTimestamp() - timestamp);
        Assert.Equal(Start.ToDateTimeOffsetFloor().AddTicks(15), time.GetUtcNow());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceNanoseconds(-1));
    }

    [Fact]
    public void SettingTheMidpointIsAStepThatFiresNoTimer()
    {
        var clock = new FakeClockBound();
        int fired = 0;
        using ITimer timer = clock.TimeProvider.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        clock.Midpoint = Start + TimeSpan.FromHours(1);
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void TimersFireWhenTheirTimeComes()
    {
        var clock = new FakeClockBound();
        var fired = new List<string>();
        using ITimer once = clock.TimeProvider.CreateTimer(s => fired.Add((string)s!), "once", TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        using ITimer periodic = clock.TimeProvider.CreateTimer(s => fired.Add((string)s!), "periodic", TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));
        using ITimer never = clock.TimeProvider.CreateTimer(s => fired.Add((string)s!), "never", Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Empty(fired);
        clock.Advance(TimeSpan.FromMilliseconds(6));   // t = 10: both due, earliest first
        Assert.Equal(["periodic", "once"], fired);
        // FakeTimeProvider keeps a periodic timer on its schedule (5, 25, 45 ms, ...), as if each
        // firing had been on time; the old built-in fake counted the period from the late firing.
        clock.Advance(TimeSpan.FromMilliseconds(14));  // t = 24: periodic next due at 25
        Assert.Equal(2, fired.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));   // t = 25
        Assert.Equal(["periodic", "once", "periodic"], fired);

        periodic.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, fired.Count);

        periodic.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.Zero);
        Assert.Equal(4, fired.Count);
    }

    [Fact]
    public void DisposedTimersDoNotFire()
    {
        var clock = new FakeClockBound();
        int fired = 0;
        ITimer timer = clock.TimeProvider.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, fired);
    }

    [Fact]
    public async Task TaskDelayOnTheTimeProviderCompletesOnAdvance()
    {
        var clock = new FakeClockBound();
        Task delay = Task.Delay(TimeSpan.FromMinutes(5), clock.TimeProvider);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task IsThreadSafe()
    {
        var clock = new FakeClockBound(Start, boundNanoseconds: 100);
        const int Threads = 4, Steps = 10_000;
        await Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < Steps; i++)
            {
                clock.AdvanceNanoseconds(3);
                ClockBoundNow now = clock.Now();
                Assert.Equal(200, now.Latest.NanosecondsSince(now.Earliest));
            }
        })));
        Assert.Equal(Start.PlusNanoseconds(3L * Threads * Steps), clock.Midpoint);
        Assert.Equal(Threads * Steps, clock.NowCallCount);
    }

    [Fact]
    public void DataAgeIsReportedAsSetAndDoesNotGrowByItself()
    {
        var clock = new FakeClockBound();
        Assert.Equal(TimeSpan.Zero, clock.Now().DataAge);
        clock.DataAge = TimeSpan.FromSeconds(12);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(12), clock.Now().DataAge);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.DataAge = TimeSpan.FromTicks(-1));
    }
}
