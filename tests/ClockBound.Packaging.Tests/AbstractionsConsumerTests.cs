using Xunit.Abstractions;

namespace ClockBound.Packaging.Tests;

/// <summary>
/// (a) A net10.0 class library that takes only the abstractions (IClockBound, ClockBoundNow,
/// UnixInstant) builds with warnings as errors and no Linux marking; the control proves the
/// platform analyzer was on.
/// </summary>
[Collection(ConsumerCollection.Name)]
public sealed class AbstractionsConsumerTests(ConsumerSuite suite, ITestOutputHelper output)
{
    [Fact]
    public void ALibraryUsingOnlyTheAbstractionsBuildsWithoutWarningsOrLinuxMarking()
    {
        suite.BuildWithoutWarnings("Abstractions");
        output.WriteLine(string.Join('\n', suite.Timings));
        Assert.True(File.Exists(suite.OutputAssembly("Abstractions")));
        string sources = string.Concat(Directory.EnumerateFiles(suite.Project("Abstractions"), "*.*proj")
            .Concat(Directory.EnumerateFiles(suite.Project("Abstractions"), "*.cs")).Select(File.ReadAllText));
        Assert.DoesNotContain("SupportedOSPlatform", sources, StringComparison.Ordinal);
        Assert.DoesNotContain("-linux", sources, StringComparison.Ordinal);
    }

    [Fact]
    public void TheControlCallingTheClientWithoutALinuxGuardFailsWithCA1416()
    {
        ProcessResult result = suite.Build("PlatformProbe");
        string text = result.StandardOutput + result.StandardError;
        output.WriteLine(text);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error CA1416", text, StringComparison.Ordinal);
        Assert.Contains("ClockBoundClient", text, StringComparison.Ordinal);
    }
}
