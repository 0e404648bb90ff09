using ClockBound;

namespace Abstractions;

/// <summary>Decides whether a lease has expired on every machine, from any IClockBound.</summary>
public sealed class LeaseChecker(IClockBound clock)
{
    public bool HasSurelyExpired(UnixInstant expiry)
    {
        ClockBoundNow now = clock.Now();
        return now.IsReliable && now.Earliest > expiry;
    }

    public UnixInstant LatestPossibleNow() => clock.Now().Latest;

    public static UnixInstant Epoch => UnixInstant.FromUnixTimeNanoseconds(0);
}
