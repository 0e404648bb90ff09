using System.Globalization;
using System.Text.RegularExpressions;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// The shipped systemd units (deploy/systemd/*.service) checked by the real <c>systemd-analyze</c>:
/// <c>verify</c> prints nothing and <c>security --offline=yes</c> rates each at most 3.0.
/// </summary>
/// <remarks>
/// <c>verify</c> fails a unit whose <c>ExecStart=</c> binary does not exist, and the units name the
/// install path <c>/usr/bin/clockbound</c> (the packages'), which a test host does not have (and a
/// test must not install into). So each unit is checked as a temp copy whose <c>ExecStart=</c> names the
/// built daemon from <c>$CLOCKBOUND_BIN_DIR</c>, changing nothing else; a temp root with a fake
/// <c>/usr/bin</c> would need <c>--root</c>, which also moves the lookup of every other path.
/// The original's install path is asserted separately.
/// </remarks>
public sealed partial class SystemdUnitTests : IDisposable
{
    private const string InstallPath = "/usr/bin/clockbound";
    private const double MaxExposure = 3.0;

    private readonly TempDirectory _directory = TempDirectory.Create("clockbound-unit-");

    public void Dispose() => _directory.Dispose();

    private static readonly string[] UnitNames = ["clockbound.service", "clockbound-rhel.service", "clockbound-pre235.service"];

    public static TheoryData<string> Units => new(UnitNames);

    [Fact]
    public void EveryShippedUnitIsChecked()
    {
        string[] shipped = Directory.GetFiles(UnitDirectory, "*.service").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(UnitNames.Order(StringComparer.Ordinal), shipped);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void ExecStartIsTheInstallPath(string unit)
    {
        string execStart = Assert.Single(File.ReadAllLines(Path.Combine(UnitDirectory, unit)), line => line.StartsWith("ExecStart=", StringComparison.Ordinal));
        Assert.StartsWith($"ExecStart={InstallPath} ", execStart);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void VerifyPrintsNothing(string unit)
    {
        string copy = CopyWithBuiltDaemon(unit);
        // verify runs man(1) on each Documentation=man:... entry; the pages are the repository's
        // (the packages install them), so man finds them through MANPATH.
        ProcessResult result = ProcessRunner.Run("env", [$"MANPATH={ManPages()}", SystemdAnalyze, "verify", copy]);
        Assert.True(result.ExitCode == 0 && result.StandardOutput.Length == 0 && result.StandardError.Length == 0,
            $"systemd-analyze verify {unit} exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void SecurityExposureIsAtMostThree(string unit)
    {
        string copy = CopyWithBuiltDaemon(unit);
        ProcessResult result = ProcessRunner.Run(SystemdAnalyze, ["security", "--offline=yes", copy]);
        Assert.True(result.ExitCode == 0, $"systemd-analyze security exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        Match overall = OverallExposure().Match(result.StandardOutput);
        Assert.True(overall.Success, $"no overall exposure in:\n{result.StandardOutput}");
        double exposure = double.Parse(overall.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure <= MaxExposure, $"{unit} rates {exposure} (at most {MaxExposure} wanted):\n{result.StandardOutput}");
    }

    private static string UnitDirectory => Path.Combine(ClockBoundBinaries.RepositoryRoot, "deploy", "systemd");

    /// <summary>systemd-analyze on PATH; its absence fails the test (never skips it).</summary>
    private static string SystemdAnalyze
    {
        get
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, "systemd-analyze");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new InvalidOperationException(
                "systemd-analyze is not on PATH: run scripts/install-deps.sh (it installs Debian's systemd package)");
        }
    }

    /// <summary>docs/man's pages laid out as a man directory (manN/NAME.N) in the temp directory.</summary>
    private string ManPages()
    {
        string root = _directory.Combine("man");
        foreach (string page in Directory.GetFiles(Path.Combine(ClockBoundBinaries.RepositoryRoot, "docs", "man")))
        {
            string section = Path.Combine(root, "man" + Path.GetExtension(page)[1..]);
            Directory.CreateDirectory(section);
            File.Copy(page, Path.Combine(section, Path.GetFileName(page)), overwrite: true);
        }
        return root;
    }

    /// <summary>The unit under its own name in the temp directory, ExecStart= naming the built daemon.</summary>
    private string CopyWithBuiltDaemon(string unit)
    {
        string text = File.ReadAllText(Path.Combine(UnitDirectory, unit));
        string prefix = $"ExecStart={InstallPath} ";
        Assert.Contains(prefix, text, StringComparison.Ordinal);
        string copy = _directory.Combine(unit);
        File.WriteAllText(copy, text.Replace(prefix, $"ExecStart={ClockBoundBinaries.Daemon} ", StringComparison.Ordinal));
        return copy;
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+)")]
    private static partial Regex OverallExposure();
}
