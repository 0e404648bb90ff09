using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace ClockBound.Packaging.Tests;

/// <summary>(c) An xunit project using the testing package's FakeClockBound builds warning-free and its tests pass.</summary>
[Collection(ConsumerCollection.Name)]
public sealed partial class TestingConsumerTests(ConsumerSuite suite, ITestOutputHelper output)
{
    [Fact]
    public void AnXunitProjectUsingFakeClockBoundBuildsAndItsTestsPass()
    {
        suite.BuildWithoutWarnings("FakeTests");
        ProcessResult run = suite.Timed("test FakeTests", () => DotNetCli.Run(suite.Project("FakeTests"),
            ["test", "-c", "Release", "--no-build", "--logger", "console;verbosity=normal"]));
        string text = run.StandardOutput + run.StandardError;
        output.WriteLine(text);
        output.WriteLine(string.Join('\n', suite.Timings));
        Assert.True(run.ExitCode == 0, $"the consumer's tests failed:\n{text}");
        Match summary = Summary().Match(text);
        Assert.True(summary.Success, text);
        Assert.Equal("2", summary.Groups["passed"].Value);
        Assert.Equal("2", summary.Groups["total"].Value);
    }

    [GeneratedRegex(@"Total tests:\s*(?<total>\d+)\s+Passed:\s*(?<passed>\d+)")]
    private static partial Regex Summary();
}
