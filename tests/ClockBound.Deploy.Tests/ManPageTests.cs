using System.Text.RegularExpressions;
using ClockBound.TestSupport;

namespace ClockBound.Deploy.Tests;

/// <summary>
/// The man pages (docs/man) list exactly the flags of the built binaries' <c>--help</c>:
/// clockbound(8)'s OPTIONS those of <c>clockbound --help</c>; each command section (.SS) of
/// clockboundctl(1) those of <c>clockboundctl COMMAND --help</c>, and its OPTIONS the top level's.
/// A flag added to a binary without its man page entry fails here.
/// </summary>
public sealed partial class ManPageTests
{
    [Fact]
    public void ClockboundManPageListsExactlyTheDaemonsFlags()
    {
        Dictionary<string, IReadOnlySet<string>> sections = ManSections("clockbound.8");
        Assert.Equal(HelpFlags(ClockBoundBinaries.Daemon, "--help").Order(StringComparer.Ordinal),
            sections["OPTIONS"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ClockboundctlManPageListsEveryCommandWithExactlyItsFlags()
    {
        Dictionary<string, IReadOnlySet<string>> sections = ManSections("clockboundctl.1");
        string help = Run(ClockBoundBinaries.Ctl, "--help");
        string[] commands = Section(help, "Commands:").Select(line => CommandName().Match(line)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(commands);
        Assert.Equal(commands.Order(StringComparer.Ordinal),
            sections.Keys.Where(k => k != "OPTIONS").Order(StringComparer.Ordinal));
        foreach (string command in commands)
        {
            // -h/--help is documented once, under OPTIONS.
            string[] expected = HelpFlags(ClockBoundBinaries.Ctl, command, "--help").Where(f => f is not ("-h" or "--help")).ToArray();
            Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(sections[command].Order(StringComparer.Ordinal)),
                $"clockboundctl {command}: --help has [{string.Join(", ", expected.Order(StringComparer.Ordinal))}], "
                + $"the man page [{string.Join(", ", sections[command].Order(StringComparer.Ordinal))}]");
        }
        Assert.Equal(HelpFlags(ClockBoundBinaries.Ctl, "--help").Order(StringComparer.Ordinal), sections["OPTIONS"].Order(StringComparer.Ordinal));
    }

    /// <summary>The flag names (-x, --xyz) in the first column of a --help's "Options:" section.</summary>
    private static string[] HelpFlags(string program, params string[] arguments) =>
        Section(Run(program, arguments), "Options:")
            .Select(line => OptionColumn().Match(line)).Where(m => m.Success)
            .SelectMany(m => m.Groups[1].Value.Split(", "))
            .Select(name => name.Split(' ')[0])
            .Where(name => FlagName().IsMatch(name))
            .Distinct().ToArray();

    private static IEnumerable<string> Section(string help, string heading) =>
        help.Split('\n').SkipWhile(line => line.Trim() != heading).Skip(1).TakeWhile(line => line.Length > 0);

    /// <summary>
    /// For each .SS section under COMMANDS (and for OPTIONS), the flags on its .TP tag lines
    /// (the line after each .TP), with the roff escapes taken out.
    /// </summary>
    private static Dictionary<string, IReadOnlySet<string>> ManSections(string page)
    {
        string[] lines = File.ReadAllLines(Path.Combine(ClockBoundBinaries.RepositoryRoot, "docs", "man", page));
        var sections = new Dictionary<string, IReadOnlySet<string>>();
        HashSet<string>? current = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith(".SH ", StringComparison.Ordinal))
            {
                current = line == ".SH OPTIONS" ? [] : null;
                if (current is not null)
                {
                    sections["OPTIONS"] = current;
                }
            }
            else if (line.StartsWith(".SS ", StringComparison.Ordinal))
            {
                sections[line[4..].Trim()] = current = [];
            }
            else if (line == ".TP" && current is not null && i + 1 < lines.Length)
            {
                string tag = lines[i + 1].Replace("\\-", "-", StringComparison.Ordinal).Replace("\\fR", " ", StringComparison.Ordinal)
                    .Replace("\\fI", " ", StringComparison.Ordinal).Replace("\\fB", " ", StringComparison.Ordinal);
                foreach (Match flag in ManFlag().Matches(tag))
                {
                    current.Add(flag.Value);
                }
            }
        }
        return sections;
    }

    private static string Run(string program, params string[] arguments) =>
        ProcessRunner.Run(program, arguments).ThrowIfFailed($"{program} {string.Join(' ', arguments)}").StandardOutput;

    [GeneratedRegex(@"^ {2}(-\S.*?)(?: {2,}|$)")]
    private static partial Regex OptionColumn();

    [GeneratedRegex(@"^--?[A-Za-z][A-Za-z0-9-]*$")]
    private static partial Regex FlagName();

    [GeneratedRegex(@"(?<![\w-])--?[A-Za-z][A-Za-z0-9-]*")]
    private static partial Regex ManFlag();

    [GeneratedRegex(@"^ {2}([a-z][a-z0-9-]*)(?: {2,}|$)")]
    private static partial Regex CommandName();
}
