using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClockBound.Extensions.DependencyInjection.Tests;

/// <summary>A real generic host with AddClockBound, against real segment files.</summary>
public sealed class HostTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static IHost BuildHost(string segmentPath, string? maxDataAge = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection([new("ClockBound:SegmentPath", segmentPath), new("ClockBound:MaxDataAge", maxDataAge)]);
        builder.AddClockBound();
        return builder.Build();
    }

    [Fact]
    public async Task HostStartsBeforeTheDaemonAndTheClientReadsOnceItPublishes()
    {
        string path = _dir.File("shm0");
        using IHost host = BuildHost(path);
        await host.StartAsync();

        IClockBound clock = host.Services.GetRequiredService<IClockBound>();
        ClockBoundException missing = Assert.Throws<ClockBoundException>(() => clock.Now());
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, missing.Kind);

        using Shm.SegmentWriter writer = Segments.Publish(path, boundNanoseconds: 2_000);
        ClockBoundNow now = Eventually.Satisfies(
            () => ((ClockBoundClient)clock).TryNow(out ClockBoundNow reading) ? reading : default,
            reading => reading.Status == ClockStatus.Synchronized,
            Deadline,
            "the host's client reads the segment published after it started");
        Assert.InRange(now.BoundNanoseconds, 2_000, 2_000 + 1_000_000);

        await host.StopAsync();
    }

    [Fact]
    public async Task InvalidConfigurationFailsTheStartNamingTheKey()
    {
        using IHost host = BuildHost("relative/shm0");
        OptionsValidationException e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ClockBound:SegmentPath is 'relative/shm0'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxDataAgeFromConfigurationReachesTheClient()
    {
        string path = _dir.File("shm0");
        using Shm.SegmentWriter writer = Segments.Publish(path, age: TimeSpan.FromSeconds(3));
        using IHost host = BuildHost(path, maxDataAge: "00:00:02");
        await host.StartAsync();
        ClockBoundNow now = host.Services.GetRequiredService<IClockBound>().Now();
        Assert.True(now.DataAge >= TimeSpan.FromSeconds(3));
        Assert.Equal(ClockStatus.Unknown, now.Status); // Synchronized data, but older than MaxDataAge
        await host.StopAsync();
    }
}
