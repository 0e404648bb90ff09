using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClockBound.Extensions.HealthChecks;

/// <summary>
/// Reports the health of a ClockBound clock: <see cref="ClockStatus.Synchronized"/> is Healthy,
/// <see cref="ClockStatus.FreeRunning"/> Degraded, and <see cref="ClockStatus.Unknown"/>,
/// <see cref="ClockStatus.Disrupted"/> and a reading that fails (<see cref="ClockBoundException"/>)
/// the registration's failure status (Unhealthy unless registered otherwise); the thresholds of
/// <see cref="ClockBoundHealthCheckOptions"/> can only make it worse. The result's data holds the
/// status, the bound and the data age (keys in <see cref="ClockBoundHealthData"/>).
/// </summary>
public sealed class ClockBoundHealthCheck : IHealthCheck
{
    private readonly IClockBound _clock;
    private readonly ClockBoundHealthCheckOptions _options;

    /// <summary>A check of <paramref name="clock"/> with the thresholds of <paramref name="options"/>.</summary>
    /// <param name="clock">The clock to read, usually the container's <see cref="IClockBound"/>.</param>
    /// <param name="options">The thresholds.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ClockBoundHealthCheck(IClockBound clock, ClockBoundHealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        _options = options;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Check(context.Registration?.FailureStatus ?? HealthStatus.Unhealthy));
    }

    private HealthCheckResult Check(HealthStatus failureStatus)
    {
        ClockBoundNow now;
        try
        {
            now = _clock.Now();
        }
        catch (ClockBoundException e)
        {
            return new HealthCheckResult(
                failureStatus,
                $"ClockBound cannot be read ({e.Kind}): {e.Message}",
                e,
                new Dictionary<string, object> { [ClockBoundHealthData.ErrorKind] = e.Kind.ToString() });
        }

        var data = new Dictionary<string, object>
        {
            [ClockBoundHealthData.Status] = now.Status.ToString(),
            [ClockBoundHealthData.Bound] = now.Bound,
            [ClockBoundHealthData.BoundNanoseconds] = now.BoundNanoseconds,
            [ClockBoundHealthData.DataAge] = now.DataAge,
        };
        var reasons = new List<string>(3);
        HealthStatus status = now.Status switch
        {
            ClockStatus.Synchronized => HealthStatus.Healthy,
            ClockStatus.FreeRunning => HealthStatus.Degraded,
            _ => failureStatus,
        };
        reasons.Add($"{now.Status}, bound {now.Bound.TotalMicroseconds:0.#} us, data age {now.DataAge.TotalMilliseconds:0.#} ms");
        if (!now.IsReliable)
        {
            reasons.Add("the interval proves nothing until the daemon reports Synchronized or FreeRunning");
        }
        status = Worst(status, Threshold("bound", now.Bound, _options.DegradedBound, nameof(ClockBoundHealthCheckOptions.DegradedBound), HealthStatus.Degraded, reasons));
        status = Worst(status, Threshold("bound", now.Bound, _options.UnhealthyBound, nameof(ClockBoundHealthCheckOptions.UnhealthyBound), failureStatus, reasons));
        status = Worst(status, Threshold("data age", now.DataAge, _options.DegradedDataAge, nameof(ClockBoundHealthCheckOptions.DegradedDataAge), HealthStatus.Degraded, reasons));
        status = Worst(status, Threshold("data age", now.DataAge, _options.UnhealthyDataAge, nameof(ClockBoundHealthCheckOptions.UnhealthyDataAge), failureStatus, reasons));
        return new HealthCheckResult(status, string.Join("; ", reasons), data: data);
    }

    /// <summary><paramref name="beyond"/> when <paramref name="value"/> exceeds a set <paramref name="limit"/> (and says so), else Healthy.</summary>
    private static HealthStatus Threshold(string what, TimeSpan value, TimeSpan? limit, string setting, HealthStatus beyond, List<string> reasons)
    {
        if (limit is not { } max || value <= max)
        {
            return HealthStatus.Healthy;
        }
        reasons.Add($"{what} {value} is beyond {setting} {max}");
        return beyond;
    }

    // HealthStatus orders Unhealthy (0) < Degraded (1) < Healthy (2).
    private static HealthStatus Worst(HealthStatus a, HealthStatus b) => a < b ? a : b;
}
