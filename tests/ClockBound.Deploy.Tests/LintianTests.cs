using System.Text.RegularExpressions;
using ClockBound.TestSupport;

namespace ClockBound.Deploy.Tests;

/// <summary>lintian on the .deb: no error, and every warning justified in docs/operations.md.</summary>
[Collection(DeployCollection.Name)]
public sealed partial class LintianTests(BuiltPackages packages)
{
    [Fact]
    public void LintianFindsNoErrorAndOnlyWarningsTheDocsJustify()
    {
        ProcessResult lintian = ProcessRunner.Run("lintian", ["--fail-on", "error", packages.Deb], TimeSpan.FromMinutes(5));
        string[] tags = lintian.StandardOutput.Split('\n').Select(line => Tag().Match(line)).Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToArray();
        Assert.True(lintian.ExitCode == 0 && !tags.Any(t => t.StartsWith('E')),
            $"lintian exited {lintian.ExitCode}:\n{lintian.StandardOutput}{lintian.StandardError}");
        HashSet<string> justified = JustifiedWarnings();
        foreach (string warning in tags.Where(t => t.StartsWith('W')).Select(t => t[2..]))
        {
            Assert.True(justified.Contains(warning),
                $"lintian warns {warning}: fix it, or justify it in docs/operations.md's lintian table\n{lintian.StandardOutput}");
        }
    }

    /// <summary>The tags in the table under docs/operations.md's "lintian" heading.</summary>
    private static HashSet<string> JustifiedWarnings()
    {
        string[] lines = File.ReadAllLines(Path.Combine(ClockBoundBinaries.RepositoryRoot, "docs", "operations.md"));
        int heading = Array.FindIndex(lines, line => line.StartsWith('#') && line.Contains("lintian", StringComparison.Ordinal));
        Assert.True(heading >= 0, "docs/operations.md has no lintian section");
        return lines.Skip(heading + 1).TakeWhile(line => !line.StartsWith('#'))
            .Select(line => JustifiedRow().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
    }

    [GeneratedRegex(@"^([EWX]): clockbound(?: [a-z]+)?: ([a-z0-9][a-z0-9+.-]*)")]
    private static partial Regex Tag();

    [GeneratedRegex(@"^\| `([a-z0-9][a-z0-9+.-]*)` \|")]
    private static partial Regex JustifiedRow();
}
