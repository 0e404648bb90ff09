namespace ClockBound.Client.Portable.Tests;

/// <summary>
/// What a consumer's class library looks like: it takes an <see cref="IClockBound"/> and uses
/// only the abstractions, so it builds on any OS without a platform guard.
/// </summary>
public sealed class OrderingService(IClockBound clock)
{
    /// <summary>A timestamp for an event, or null when the clock cannot order events now.</summary>
    public UnixInstant? Stamp()
    {
        ClockBoundNow now;
        try
        {
            now = clock.Now();
        }
        catch (ClockBoundException e) when (e.Kind is ClockBoundErrorKind.SystemCallFailed or ClockBoundErrorKind.SegmentNotInitialized)
        {
            return null;
        }
        return now.IsReliable ? now.Latest : null;
    }

    /// <summary>Whether <paramref name="earlier"/> surely happened before now, on every machine.</summary>
    public bool SurelyBefore(UnixInstant earlier) => clock.HasSurelyPassed(earlier);

    /// <summary>The options a service would configure, with the documented defaults.</summary>
    public static ClockBoundClientOptions StrictOptions() => new()
    {
        VMClockPath = ClockBoundClientOptions.DefaultVMClockPath,
        MaxDataAge = TimeSpan.FromSeconds(10),
    };
}
