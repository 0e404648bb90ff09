namespace ClockBound.Packaging.Tests;

/// <summary>The packages the repository ships (its projects with IsPackable), by id.</summary>
public static class Packages
{
    /// <summary>The client.</summary>
    public const string Client = "ClockBound.Client";

    /// <summary>All of them.</summary>
    public static readonly string[] All = [Client];
}
