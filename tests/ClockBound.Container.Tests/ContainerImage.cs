using System.Diagnostics;
using ClockBound.TestSupport;

namespace ClockBound.Container.Tests;

/// <summary>
/// The daemon's image, built once per test run by scripts/container-image.sh (a Debian root from
/// mmdebstrap with the project's .deb, imported with podman; cached by content, so a second run
/// finds it in about 2 s). ./test.sh builds it before the tests, so this only checks it is current.
/// </summary>
public sealed class ContainerImage
{
    public ContainerImage()
    {
        string script = Path.Combine(ClockBoundBinaries.RepositoryRoot, "scripts", "container-image.sh");
        var watch = Stopwatch.StartNew();
        ProcessResult result = Podman.Process(script, [], TimeSpan.FromMinutes(15)).ThrowIfFailed(script);
        BuildTime = watch.Elapsed;
        Reference = result.StandardOutput.Trim().Split('\n')[^1];
        Assert.StartsWith("localhost/clockbound:", Reference, StringComparison.Ordinal);
    }

    /// <summary>The image, e.g. <c>localhost/clockbound:0.1.0</c>.</summary>
    public string Reference { get; }

    /// <summary>How long the script took (a cache hit or a build).</summary>
    public TimeSpan BuildTime { get; }
}

/// <summary>Every podman test shares the image and runs one at a time (the machine has two cores).</summary>
[CollectionDefinition(Name)]
public sealed class PodmanCollection : ICollectionFixture<ContainerImage>
{
    public const string Name = "podman";
}
