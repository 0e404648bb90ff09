using ClockBound;
using ClockBound.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ClockBound client in an <see cref="IServiceCollection"/>.</summary>
public static class ClockBoundServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ClockBoundClient"/>, also as <see cref="IClockBound"/>, with
    /// default <see cref="ClockBoundOptions"/> (or options configured elsewhere). The client is made
    /// on first resolve and opens the segment on first reading: a host starts, and a reading fails
    /// with a <see cref="ClockBoundException"/>, while the daemon has not published. The container
    /// disposes it. An <see cref="IClockBound"/> registered before this call (e.g. a fake) is kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddClockBound(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddClockBoundCore("ClockBoundOptions.");
    }

    /// <summary>Registers the client as <see cref="AddClockBound(IServiceCollection)"/> does, with options set by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.SegmentPath = "/run/clockbound/shm0"</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddClockBound(this IServiceCollection services, Action<ClockBoundOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ClockBoundOptions>().Configure(configure);
        return services.AddClockBoundCore("ClockBoundOptions.");
    }

    /// <summary>
    /// Registers the client as <see cref="AddClockBound(IServiceCollection)"/> does, with options bound
    /// from <paramref name="configuration"/>, typically <c>configuration.GetSection("ClockBound")</c>
    /// (keys <c>SegmentPath</c>, <c>VMClockPath</c>). Invalid values fail the host's start with a
    /// message that names the configuration key.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section holding the options.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddClockBound(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClockBoundOptions>().Bind(configuration);
        string prefix = configuration is IConfigurationSection section ? section.Path + ":" : "";
        return services.AddClockBoundCore(prefix);
    }

    private static IServiceCollection AddClockBoundCore(this IServiceCollection services, string settingPrefix)
    {
        services.AddOptions<ClockBoundOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClockBoundOptions>>(new ClockBoundOptionsValidator(settingPrefix)));
        services.TryAddSingleton(ClockBoundClientFactory.Create);
        services.TryAddSingleton<IClockBound>(static provider => provider.GetRequiredService<ClockBoundClient>());
        return services;
    }
}
