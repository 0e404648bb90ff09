using ClockBound;
using ClockBound.Extensions.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the ClockBound health check to an <see cref="IHealthChecksBuilder"/>.</summary>
public static class ClockBoundHealthChecksBuilderExtensions
{
    /// <summary>The name the check is registered under unless another is given: <c>"clockbound"</c>.</summary>
    public const string DefaultName = "clockbound";

    /// <summary>
    /// Adds a <see cref="ClockBoundHealthCheck"/> on the container's <see cref="IClockBound"/>
    /// (register it first, e.g. with <c>services.AddClockBound()</c>), with the thresholds of the
    /// <see cref="ClockBoundHealthCheckOptions"/> named <paramref name="name"/>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; default <see cref="DefaultName"/>.</param>
    /// <param name="failureStatus">What Unknown, Disrupted, a failed reading and the <c>Unhealthy…</c> thresholds report; default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by, e.g. <c>["ready"]</c>.</param>
    /// <param name="configure">Sets the thresholds.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="name"/> is null.</exception>
    public static IHealthChecksBuilder AddClockBound(
        this IHealthChecksBuilder builder,
        string name = DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        Action<ClockBoundHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        OptionsBuilder<ClockBoundHealthCheckOptions> options = builder.Services.AddOptions<ClockBoundHealthCheckOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }
        return builder.AddClockBoundCore(name, failureStatus, tags);
    }

    /// <summary>
    /// Adds a <see cref="ClockBoundHealthCheck"/> named <see cref="DefaultName"/> with thresholds bound
    /// from <paramref name="configuration"/>, e.g. <c>configuration.GetSection("ClockBound:HealthCheck")</c>
    /// (keys <c>DegradedBound</c>, <c>UnhealthyBound</c>, <c>DegradedDataAge</c>, <c>UnhealthyDataAge</c>, as <see cref="TimeSpan"/> strings).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configuration">The configuration section holding the thresholds.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHealthChecksBuilder AddClockBound(this IHealthChecksBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<ClockBoundHealthCheckOptions>(DefaultName).Bind(configuration);
        string prefix = configuration is IConfigurationSection section ? section.Path + ":" : "";
        return builder.AddClockBoundCore(DefaultName, null, null, prefix);
    }

    private static IHealthChecksBuilder AddClockBoundCore(
        this IHealthChecksBuilder builder, string name, HealthStatus? failureStatus, IEnumerable<string>? tags, string settingPrefix = "ClockBoundHealthCheckOptions.")
    {
        // Checked at the host's start (and on first use without a host), each key named as the user wrote it.
        builder.Services.AddOptions<ClockBoundHealthCheckOptions>(name)
            .Validate(o => Positive(o.DegradedBound), MustBePositive(settingPrefix, nameof(ClockBoundHealthCheckOptions.DegradedBound)))
            .Validate(o => Positive(o.UnhealthyBound), MustBePositive(settingPrefix, nameof(ClockBoundHealthCheckOptions.UnhealthyBound)))
            .Validate(o => Positive(o.DegradedDataAge), MustBePositive(settingPrefix, nameof(ClockBoundHealthCheckOptions.DegradedDataAge)))
            .Validate(o => Positive(o.UnhealthyDataAge), MustBePositive(settingPrefix, nameof(ClockBoundHealthCheckOptions.UnhealthyDataAge)))
            .ValidateOnStart();
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new ClockBoundHealthCheck(
                provider.GetRequiredService<IClockBound>(),
                provider.GetRequiredService<IOptionsMonitor<ClockBoundHealthCheckOptions>>().Get(name)),
            failureStatus,
            tags));
    }

    private static string MustBePositive(string prefix, string setting) =>
        $"{prefix}{setting} must be a positive time span (e.g. 00:00:00.001 for 1 ms), or be removed to turn the threshold off.";

    private static bool Positive(TimeSpan? value) => value is not { } v || v > TimeSpan.Zero;
}
