using System.Diagnostics.Metrics;
using ClockBound;
using ClockBound.Extensions.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ClockBoundMetrics"/> in an <see cref="IServiceCollection"/>.</summary>
public static class ClockBoundMetricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ClockBoundMetrics"/> as a singleton on the container's <see cref="IClockBound"/>
    /// (register it first, e.g. with <c>services.AddClockBound()</c>) and <see cref="IMeterFactory"/>
    /// (added here if missing), created when the host starts. Without a host, resolve
    /// <see cref="ClockBoundMetrics"/> once to create the instruments.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddClockBoundMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.TryAddSingleton(static provider => new ClockBoundMetrics(
            provider.GetRequiredService<IClockBound>(),
            provider.GetRequiredService<IMeterFactory>(),
            provider.GetService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClockBoundMetricsActivator>());
        return services;
    }
}
