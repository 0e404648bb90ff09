using ClockBound;
using ClockBound.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FakeTests;

/// <summary>The application's code: a lease that has expired only once it has on every machine.</summary>
public sealed class Lease(IClockBound clock, UnixInstant expiry)
{
    public bool HasSurelyExpired => clock.Now() is { IsReliable: true } now && now.Earliest > expiry;
}

public sealed class LeaseTests
{
    [Fact]
    public void ALeaseExpiresOnceTheEarliestPossibleTimeHasPassedItsExpiry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var clock = new FakeClockBound(time); // ±1 ms, Synchronized, on the suite's fake time
        var lease = new Lease(clock, clock.Now().Latest);

        Assert.False(lease.HasSurelyExpired);
        time.Advance(TimeSpan.FromMilliseconds(2)); // earliest = expiry exactly: not yet past it
        Assert.False(lease.HasSurelyExpired);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(lease.HasSurelyExpired);
    }

    [Fact]
    public void AnUnreliableClockNeverExpiresALease()
    {
        var clock = new FakeClockBound();
        var lease = new Lease(clock, clock.Now().Latest);
        clock.Status = ClockStatus.Unknown;
        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(lease.HasSurelyExpired);
    }
}
