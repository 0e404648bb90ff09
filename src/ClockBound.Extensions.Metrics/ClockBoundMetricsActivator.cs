using Microsoft.Extensions.Hosting;

namespace ClockBound.Extensions.Metrics;

/// <summary>Creates the <see cref="ClockBoundMetrics"/> singleton when the host starts, so that its instruments exist before the first collection.</summary>
internal sealed class ClockBoundMetricsActivator(ClockBoundMetrics metrics) : IHostedService
{
    public ClockBoundMetrics Metrics => metrics;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
