namespace ClockBound.Daemon.Tests;

public sealed class SystemdNotifySettingsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NoNotifySocketMeansNoNotifications(string? socket) =>
        Assert.Null(SystemdNotifySettings.Parse(socket, "30000000", null, 42));

    [Fact]
    public void WatchdogIsPingedAtHalfItsTimeout()
    {
        SystemdNotifySettings? settings = SystemdNotifySettings.Parse("/run/systemd/notify", "30000000", "42", 42);

        Assert.NotNull(settings);
        Assert.Equal("/run/systemd/notify", settings.SocketAddress);
        Assert.Equal(15_000_000_000L, settings.WatchdogPingIntervalNanoseconds);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("0", null)]
    [InlineData("abc", null)]
    [InlineData("-5", null)]
    [InlineData("30000000", "43")] // the watchdog is another process's
    [InlineData("30000000", "x")]
    public void WatchdogIsOffUnlessItIsOurs(string? usec, string? pid)
    {
        SystemdNotifySettings? settings = SystemdNotifySettings.Parse("@/org/freedesktop/systemd1/notify", usec, pid, 42);

        Assert.NotNull(settings);
        Assert.Equal(0, settings.WatchdogPingIntervalNanoseconds);
    }

    [Fact]
    public void HugeWatchdogTimeoutSaturates() =>
        Assert.Equal(long.MaxValue / 2, SystemdNotifySettings.Parse("/n", "18446744073709551615", null, 1)!.WatchdogPingIntervalNanoseconds);
}
