using ClockBound.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the ClockBound client in a host, with options from the host's configuration.</summary>
public static class ClockBoundHostApplicationBuilderExtensions
{
    /// <summary>
    /// Registers a lazily opened singleton <see cref="ClockBound.IClockBound"/> with options bound from
    /// the section <paramref name="sectionName"/> of the host's configuration (see
    /// <see cref="ClockBoundServiceCollectionExtensions.AddClockBound(IServiceCollection, Configuration.IConfiguration)"/>).
    /// </summary>
    /// <param name="builder">The host builder, e.g. from <c>Host.CreateApplicationBuilder</c> or <c>WebApplication.CreateBuilder</c>.</param>
    /// <param name="sectionName">The configuration section; default <c>"ClockBound"</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHostApplicationBuilder AddClockBound(this IHostApplicationBuilder builder, string sectionName = ClockBoundOptions.DefaultSectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sectionName);
        builder.Services.AddClockBound(builder.Configuration.GetSection(sectionName));
        return builder;
    }
}
