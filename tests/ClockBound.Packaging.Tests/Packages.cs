namespace ClockBound.Packaging.Tests;

/// <summary>The packages the repository ships (its projects with IsPackable), by id.</summary>
public static class Packages
{
    /// <summary>The client.</summary>
    public const string Client = "ClockBound.Client";

    /// <summary>The test doubles (FakeClockBound).</summary>
    public const string Testing = "ClockBound.Client.Testing";

    /// <summary>AddClockBound for dependency injection and hosting.</summary>
    public const string DependencyInjection = "ClockBound.Extensions.DependencyInjection";

    /// <summary>The health check.</summary>
    public const string HealthChecks = "ClockBound.Extensions.HealthChecks";

    /// <summary>The ClockBound meter.</summary>
    public const string Metrics = "ClockBound.Extensions.Metrics";

    /// <summary>All of them.</summary>
    public static readonly string[] All = [Client, Testing, DependencyInjection, HealthChecks, Metrics];
}
