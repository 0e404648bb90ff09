using ClockBound.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ClockBound.Extensions.HealthChecks.Tests;

/// <summary>builder.AddClockBound() in a container, on the fake clock.</summary>
public sealed class RegistrationTests
{
    private static async Task<HealthReport> RunAsync(FakeClockBound clock, Action<IHealthChecksBuilder> add)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IClockBound>(clock);
        add(services.AddHealthChecks());
        await using ServiceProvider provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }

    [Fact]
    public async Task RegistersUnderItsNameWithTagsAndThresholds()
    {
        var clock = new FakeClockBound { BoundNanoseconds = 2_000_000 };
        HealthReport report = await RunAsync(clock, b => b.AddClockBound(tags: ["ready"], configure: o => o.DegradedBound = TimeSpan.FromMilliseconds(1)));
        HealthReportEntry entry = report.Entries["clockbound"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(["ready"], entry.Tags);
    }

    [Fact]
    public async Task ThresholdsAreBoundFromConfiguration()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("ClockBound:HealthCheck:UnhealthyDataAge", "00:00:30")])
            .Build();
        var clock = new FakeClockBound { DataAge = TimeSpan.FromMinutes(1) };
        HealthReport report = await RunAsync(clock, b => b.AddClockBound(configuration.GetSection("ClockBound:HealthCheck")));
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["clockbound"].Status);
    }

    [Fact]
    public async Task ANegativeThresholdIsRejectedNamingTheKey()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("ClockBound:HealthCheck:DegradedBound", "-00:00:01")])
            .Build();
        OptionsValidationException e = await Assert.ThrowsAsync<OptionsValidationException>(
            () => RunAsync(new FakeClockBound(), b => b.AddClockBound(configuration.GetSection("ClockBound:HealthCheck"))));
        Assert.Equal(
            "ClockBound:HealthCheck:DegradedBound must be a positive time span (e.g. 00:00:00.001 for 1 ms), or be removed to turn the threshold off.",
            Assert.Single(e.Failures));
    }

    [Fact]
    public async Task TwoChecksKeepTheirOwnThresholds()
    {
        var clock = new FakeClockBound { BoundNanoseconds = 2_000_000 };
        HealthReport report = await RunAsync(clock, b => b
            .AddClockBound("strict", configure: o => o.UnhealthyBound = TimeSpan.FromMilliseconds(1))
            .AddClockBound("lax"));
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["strict"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["lax"].Status);
    }
}
