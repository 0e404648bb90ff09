namespace ClockBound.Extensions.HealthChecks;

/// <summary>The keys of a <see cref="ClockBoundHealthCheck"/> result's <c>Data</c>.</summary>
public static class ClockBoundHealthData
{
    /// <summary>The reading's <see cref="ClockStatus"/>, as its name (a string).</summary>
    public const string Status = "status";

    /// <summary>The reading's <see cref="ClockBoundNow.Bound"/> (a <see cref="TimeSpan"/>).</summary>
    public const string Bound = "bound";

    /// <summary>The reading's <see cref="ClockBoundNow.BoundNanoseconds"/> (a <see cref="long"/>).</summary>
    public const string BoundNanoseconds = "boundNanoseconds";

    /// <summary>The reading's <see cref="ClockBoundNow.DataAge"/> (a <see cref="TimeSpan"/>).</summary>
    public const string DataAge = "dataAge";

    /// <summary>When the clock could not be read: the <see cref="ClockBoundException.Kind"/>, as its name (a string).</summary>
    public const string ErrorKind = "errorKind";
}
