namespace ClockBound.Client.Portable.Tests;

/// <summary>
/// The abstractions used from an assembly that is not marked Linux-only: this file compiles only
/// because none of them is [SupportedOSPlatform("linux")] (CA1416 is an error here).
/// </summary>
public sealed class AbstractionsOnAnyOSTests
{
    private static readonly UnixInstant T = UnixInstant.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static ClockBoundNow Reading(ClockStatus status, long bound = 1_000_000) =>
        new(T.PlusNanoseconds(-bound), T.PlusNanoseconds(bound), bound, status, TimeSpan.FromMilliseconds(40));

    [Fact]
    public void AServiceTakesAnyIClockBound()
    {
        var clock = new SettableClock { Reading = Reading(ClockStatus.Synchronized) };
        var service = new OrderingService(clock);

        Assert.Equal(T + TimeSpan.FromMilliseconds(1), service.Stamp());
        Assert.True(service.SurelyBefore(T - TimeSpan.FromMilliseconds(2)));
        Assert.False(service.SurelyBefore(T));

        clock.Reading = Reading(ClockStatus.Unknown);
        Assert.Null(service.Stamp());
        clock.Error = new ClockBoundException(ClockBoundErrorKind.SegmentNotInitialized, "no daemon yet");
        Assert.Null(service.Stamp());
    }

    [Fact]
    public void TheEverydayMembersWorkOnAnyOS()
    {
        ClockBoundNow now = Reading(ClockStatus.FreeRunning);
        Assert.Equal(T, now.Midpoint);
        Assert.Equal(TimeSpan.FromMilliseconds(1), now.Bound);
        Assert.True(now.Contains(T));
        Assert.Equal(TimeSpan.FromMilliseconds(40), now.DataAge);
        Assert.Equal(TimeSpan.FromMilliseconds(2), now.Latest - now.Earliest);
        Assert.Equal(1_700_000_000_001, now.Latest.ToUnixTimeMillisecondsCeiling());
        Assert.Equal(now.EarliestUtc, now.Earliest.ToDateTimeOffsetFloor());
    }

    [Fact]
    public void OptionsAndPathsNeedNoGuard()
    {
        ClockBoundClientOptions options = OrderingService.StrictOptions();
        Assert.Equal(TimeSpan.FromSeconds(10), options.MaxDataAge);
        Assert.Equal("/var/run/clockbound/shm0", ClockBoundClientOptions.DefaultSegmentPathV2);
        Assert.Equal("/var/run/clockbound/shm", ClockBoundClientOptions.DefaultSegmentPathV1);
        Assert.Null(new ClockBoundClientOptions().MaxDataAge);
    }

    [Fact]
    public void TheClientItselfIsUsedBehindTheLinuxGuard()
    {
        // The one type that opens files: a guard (or a Linux-only caller) is what the analyzer wants.
        if (OperatingSystem.IsLinux())
        {
            using ClockBoundClient client = ClockBoundClient.Open("/nonexistent/clockbound/shm0");
            Assert.False(client.TryNow(out _, out ClockBoundException? error));
            Assert.Equal(ClockBoundErrorKind.SystemCallFailed, error.Kind);
        }
    }
}
