using System.Text.RegularExpressions;
using ClockBound.TestSupport;

namespace ClockBound.Deploy.Tests;

/// <summary>
/// The .deb installed with <c>dpkg -i</c> into a clean bookworm root with Debian's chrony: the
/// layout, the maintainer scripts without a running systemd, the unit's references, chrony's
/// drop-in read through Debian's own chrony.conf.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed partial class DebInstallTests(BuiltPackages packages) : IDisposable
{
    private readonly DebianRoot _root = DebianRoot.Create(packages.SharedRoot);

    public void Dispose() => _root.Dispose();

    [Fact]
    public void InstallLaysOutFilesOwnersAndModesAsDesigned()
    {
        Install();
        foreach ((string path, string expected) in DebDesign.Files)
        {
            Assert.Equal($"{expected} regular file", _root.Stat(path));
        }
        foreach (string directory in DebDesign.Directories.Where(d => d != "/."))
        {
            // -L: bookworm's merged /usr makes /lib a link to usr/lib.
            Assert.Equal("root:root 755 directory", _root.Run("stat", "-L", "-c", "%U:%G %a %F", directory).StandardOutput.Trim());
        }
        string[] listed = _root.Run("dpkg", "-L", "clockbound").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DebDesign.Files.Keys.Concat(DebDesign.Directories).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        string conffiles = _root.Run("dpkg-query", "-W", "-f=${Conffiles}", "clockbound").StandardOutput;
        Assert.Equal(DebDesign.Conffiles, conffiles.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim().Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.Equal($"clockbound {BuiltPackages.Version}\n", _root.Run("/usr/bin/clockbound", "--version").StandardOutput);
    }

    [Fact]
    public void PostinstEnablesTheUnitAndStartsNothingWithoutSystemd()
    {
        ProcessResult install = Install();
        // deb-systemd-helper enabled it as systemctl enable would (WantedBy=multi-user.target).
        Assert.Equal(DebDesign.Unit, _root.Run("readlink", DebDesign.EnabledLink).StandardOutput.Trim());
        // No systemd runs here, so nothing was started: no daemon, and chronyd neither started nor restarted.
        Assert.Empty(_root.ProcessesInside());
        Assert.Contains("restart it", install.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("systemctl restart chrony", install.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void MaintainerScriptsActOnlyOnClockbound()
    {
        using var control = TempDirectory.Create("clockbound-control-");
        ProcessRunner.Run("dpkg-deb", ["-e", packages.Deb, control.Combine("DEBIAN")]).ThrowIfFailed("dpkg-deb -e");
        string debian = control.Combine("DEBIAN");
        string[] scripts = Directory.GetFiles(debian).Select(path => Path.GetFileName(path)).Where(n => n is "preinst" or "postinst" or "prerm" or "postrm").ToArray();
        Assert.Equal(["postinst", "postrm", "prerm"], scripts.Order(StringComparer.Ordinal));
        foreach (string name in scripts)
        {
            string body = File.ReadAllText(Path.Combine(debian, name));
            Assert.StartsWith("#!/bin/sh", body, StringComparison.Ordinal);
            ServiceCommands.AssertOnlyClockbound($"deb {name}", body);
        }
    }

    [Fact]
    public void TheUnitHasDebiansNamesAndItsDocumentationIsInstalled()
    {
        Install();
        string[] unit = File.ReadAllLines(_root.HostPath(DebDesign.Unit));
        Assert.Contains("User=_chrony", unit);
        Assert.Contains("Group=_chrony", unit);
        Assert.Contains("After=chrony.service", unit);
        Assert.Contains($"EnvironmentFile=-{DebDesign.Defaults}", unit);
        Assert.Contains("ExecStart=/usr/bin/clockbound $CLOCKBOUND_OPTS", unit);
        // The unit's user exists in a root with Debian's chrony.
        Assert.StartsWith("uid=", _root.Run("id", "_chrony").StandardOutput, StringComparison.Ordinal);
        string documentation = Assert.Single(unit, line => line.StartsWith("Documentation=", StringComparison.Ordinal));
        string[] references = documentation["Documentation=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(references);
        foreach (string reference in references)
        {
            Match man = ManReference().Match(reference);
            string path = man.Success
                ? $"/usr/share/man/man{man.Groups[2].Value}/{man.Groups[1].Value}.{man.Groups[2].Value}.gz"
                : reference.StartsWith("file://", StringComparison.Ordinal) ? reference["file://".Length..] : throw new InvalidOperationException($"unexpected Documentation= entry {reference}");
            Assert.True(File.Exists(_root.HostPath(path)), $"{reference} names {path}, which the package does not install");
        }
    }

    [Fact]
    public void DebiansChronyConfReadsTheDropInWithTheDaemonsDriftRate()
    {
        Install();
        // chronyd -p prints the configuration as chronyd parses it, confdir files included.
        string parsed = _root.Run("/usr/sbin/chronyd", "-p", "-f", "/etc/chrony/chrony.conf").StandardOutput;
        Assert.Contains("maxclockerror 50", parsed.Split('\n'));
        string defaults = File.ReadAllText(_root.HostPath(DebDesign.Defaults));
        Assert.Contains("CLOCKBOUND_OPTS=\"--max-drift-rate 50\"", defaults, StringComparison.Ordinal);
    }

    private ProcessResult Install()
    {
        _root.CopyIn(packages.Deb, "/tmp/clockbound.deb");
        ProcessResult result = _root.Run("dpkg", "-i", "/tmp/clockbound.deb");
        _root.Run("rm", "/tmp/clockbound.deb");
        return result;
    }

    [GeneratedRegex(@"^man:([\w.-]+)\((\d)\)$")]
    private static partial Regex ManReference();
}
