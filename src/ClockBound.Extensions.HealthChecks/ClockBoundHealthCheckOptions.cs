namespace ClockBound.Extensions.HealthChecks;

/// <summary>
/// Thresholds of a <see cref="ClockBoundHealthCheck"/>, each off (null) by default. A reading whose
/// bound or data age is beyond a <c>Degraded…</c> threshold is at most Degraded; beyond an
/// <c>Unhealthy…</c> threshold it is the registration's failure status (Unhealthy by default).
/// </summary>
/// <example>
/// <code>
/// {
///   "ClockBound": {
///     "HealthCheck": { "DegradedBound": "00:00:00.001", "UnhealthyBound": "00:00:00.010", "UnhealthyDataAge": "00:00:30" }
///   }
/// }
/// </code>
/// </example>
public sealed class ClockBoundHealthCheckOptions
{
    /// <summary>A bound (<see cref="ClockBoundNow.Bound"/>) larger than this makes the check at most Degraded.</summary>
    public TimeSpan? DegradedBound { get; set; }

    /// <summary>A bound larger than this makes the check fail (the registration's failure status).</summary>
    public TimeSpan? UnhealthyBound { get; set; }

    /// <summary>A data age (<see cref="ClockBoundNow.DataAge"/>) larger than this makes the check at most Degraded.</summary>
    public TimeSpan? DegradedDataAge { get; set; }

    /// <summary>A data age larger than this makes the check fail (the registration's failure status).</summary>
    public TimeSpan? UnhealthyDataAge { get; set; }
}
