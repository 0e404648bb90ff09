using ClockBound.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClockBound.Extensions.HealthChecks.Tests;

/// <summary>The check's decisions, on the fake clock.</summary>
public sealed class ClockBoundHealthCheckTests
{
    private static HealthCheckResult Check(IClockBound clock, ClockBoundHealthCheckOptions? options = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var check = new ClockBoundHealthCheck(clock, options ?? new ClockBoundHealthCheckOptions());
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("clockbound", check, failureStatus, null) };
        return check.CheckHealthAsync(context).GetAwaiter().GetResult();
    }

    [Theory]
    [InlineData(ClockStatus.Synchronized, HealthStatus.Healthy)]
    [InlineData(ClockStatus.FreeRunning, HealthStatus.Degraded)]
    [InlineData(ClockStatus.Unknown, HealthStatus.Unhealthy)]
    [InlineData(ClockStatus.Disrupted, HealthStatus.Unhealthy)]
    public void StatusDecidesTheHealth(ClockStatus status, HealthStatus expected)
    {
        HealthCheckResult result = Check(new FakeClockBound { Status = status });
        Assert.Equal(expected, result.Status);
        Assert.StartsWith(status.ToString(), result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void DataHoldsStatusBoundAndDataAge()
    {
        var clock = new FakeClockBound { BoundNanoseconds = 12_345, DataAge = TimeSpan.FromMilliseconds(250) };
        HealthCheckResult result = Check(clock);
        Assert.Equal("Synchronized", result.Data[ClockBoundHealthData.Status]);
        Assert.Equal(12_345L, result.Data[ClockBoundHealthData.BoundNanoseconds]);
        Assert.Equal(TimeSpan.FromTicks(124), result.Data[ClockBoundHealthData.Bound]); // rounded up to a tick
        Assert.Equal(TimeSpan.FromMilliseconds(250), result.Data[ClockBoundHealthData.DataAge]);
        Assert.Equal("Synchronized, bound 12.4 us, data age 250 ms", result.Description);
    }

    [Fact]
    public void AReadErrorIsTheFailureStatusWithTheException()
    {
        var error = new ClockBoundException(ClockBoundErrorKind.SegmentNotInitialized, "the daemon has not published yet");
        var clock = new FakeClockBound { Error = error };
        HealthCheckResult result = Check(clock);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Same(error, result.Exception);
        Assert.Equal("SegmentNotInitialized", result.Data[ClockBoundHealthData.ErrorKind]);
        Assert.Equal("ClockBound cannot be read (SegmentNotInitialized): the daemon has not published yet", result.Description);
        Assert.Equal(HealthStatus.Degraded, Check(clock, failureStatus: HealthStatus.Degraded).Status);
    }

    [Theory]
    [InlineData(1_000, HealthStatus.Healthy)]
    [InlineData(1_001, HealthStatus.Degraded)]
    [InlineData(10_000, HealthStatus.Degraded)]
    [InlineData(10_001, HealthStatus.Unhealthy)]
    public void BoundThresholds(long boundNanoseconds, HealthStatus expected)
    {
        var options = new ClockBoundHealthCheckOptions { DegradedBound = TimeSpan.FromMicroseconds(1), UnhealthyBound = TimeSpan.FromMicroseconds(10) };
        HealthCheckResult result = Check(new FakeClockBound { BoundNanoseconds = boundNanoseconds }, options);
        Assert.Equal(expected, result.Status);
        Assert.Equal(expected != HealthStatus.Healthy, result.Description!.Contains("bound", StringComparison.Ordinal) && result.Description.Contains("is beyond", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(5, HealthStatus.Healthy)]
    [InlineData(6, HealthStatus.Degraded)]
    [InlineData(31, HealthStatus.Unhealthy)]
    public void DataAgeThresholds(int ageSeconds, HealthStatus expected)
    {
        var options = new ClockBoundHealthCheckOptions { DegradedDataAge = TimeSpan.FromSeconds(5), UnhealthyDataAge = TimeSpan.FromSeconds(30) };
        HealthCheckResult result = Check(new FakeClockBound { DataAge = TimeSpan.FromSeconds(ageSeconds) }, options);
        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void ThresholdsOnlyMakeItWorse()
    {
        var options = new ClockBoundHealthCheckOptions { DegradedBound = TimeSpan.FromMicroseconds(1) };
        Assert.Equal(HealthStatus.Unhealthy, Check(new FakeClockBound { Status = ClockStatus.Unknown, BoundNanoseconds = 5_000 }, options).Status);
        HealthCheckResult result = Check(new FakeClockBound { Status = ClockStatus.FreeRunning, BoundNanoseconds = 5_000 }, options);
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("FreeRunning, bound 5 us, data age 0 ms; bound 00:00:00.0000050 is beyond DegradedBound 00:00:00.0000010", result.Description);
    }
}
