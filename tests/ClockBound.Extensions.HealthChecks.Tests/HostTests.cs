using ClockBound.Extensions.DependencyInjection.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ClockBound.Extensions.HealthChecks.Tests;

/// <summary>A real generic host with AddClockBound and the health check, against real segment files.</summary>
public sealed class HostTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task HealthFollowsTheSegment()
    {
        string path = _dir.File("shm0");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("ClockBound:SegmentPath", path)]);
        builder.AddClockBound();
        builder.Services.AddHealthChecks().AddClockBound();
        using IHost host = builder.Build();
        await host.StartAsync();
        HealthCheckService health = host.Services.GetRequiredService<HealthCheckService>();

        // Before the daemon's first publication: the host runs, the check is Unhealthy and says why.
        HealthReportEntry missing = (await health.CheckHealthAsync()).Entries["clockbound"];
        Assert.Equal(HealthStatus.Unhealthy, missing.Status);
        Assert.Equal("SystemCallFailed", missing.Data[ClockBoundHealthData.ErrorKind]);
        Assert.Contains(path, missing.Description, StringComparison.Ordinal);

        using (Shm.SegmentWriter writer = Segments.Publish(path, boundNanoseconds: 3_000))
        {
            HealthReportEntry synchronized = await EventuallyAsync(health, HealthStatus.Healthy);
            Assert.Equal("Synchronized", synchronized.Data[ClockBoundHealthData.Status]);
            Assert.InRange((long)synchronized.Data[ClockBoundHealthData.BoundNanoseconds], 3_000, 3_000 + 1_000_000);
            Assert.InRange((TimeSpan)synchronized.Data[ClockBoundHealthData.DataAge], TimeSpan.Zero, TimeSpan.FromSeconds(5));
        }

        using (Shm.SegmentWriter writer = Segments.Publish(path, status: ClockStatus.FreeRunning))
        {
            Assert.Equal("FreeRunning", (await EventuallyAsync(health, HealthStatus.Degraded)).Data[ClockBoundHealthData.Status]);
        }

        await host.StopAsync();
    }

    private static async Task<HealthReportEntry> EventuallyAsync(HealthCheckService health, HealthStatus expected)
    {
        DateTime deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            HealthReportEntry entry = (await health.CheckHealthAsync()).Entries["clockbound"];
            if (entry.Status == expected || DateTime.UtcNow > deadline)
            {
                Assert.True(entry.Status == expected, $"expected {expected} within {Deadline}, last {entry.Status}: {entry.Description}");
                return entry;
            }
            await Task.Delay(10);
        }
    }
}
