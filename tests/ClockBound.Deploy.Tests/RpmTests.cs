using ClockBound.TestSupport;

namespace ClockBound.Deploy.Tests;

/// <summary>
/// The .rpm: its file list and scriptlets as designed, and an install with <c>rpm --root --nodeps</c>
/// (no RPM-based root can be fetched here: the scratch root is a clean Debian one, which gives the
/// scriptlets a /bin/sh to run with, and no running systemd).
/// </summary>
[Collection(DeployCollection.Name)]
public sealed class RpmTests(BuiltPackages packages)
{
    /// <summary>Every path the .rpm holds, as "mode owner group" in rpm -qlv's words.</summary>
    private static readonly IReadOnlyDictionary<string, string> Design = new Dictionary<string, string>
    {
        ["/etc/sysconfig/clockbound"] = "-rw-r--r-- root root",
        ["/usr/bin/clockbound"] = "-rwxr-xr-x root root",
        ["/usr/bin/clockboundctl"] = "-rwxr-xr-x root root",
        ["/usr/lib/systemd/system/clockbound.service"] = "-rw-r--r-- root root",
        ["/usr/lib/systemd/system-preset/50-clockbound.preset"] = "-rw-r--r-- root root",
        ["/usr/share/clockbound"] = "drwxr-xr-x root root",
        ["/usr/share/clockbound/chrony-clockbound.conf"] = "-rw-r--r-- root root",
        ["/usr/share/doc/clockbound"] = "drwxr-xr-x root root",
        ["/usr/share/doc/clockbound/clockboundctl.md"] = "-rw-r--r-- root root",
        ["/usr/share/doc/clockbound/daemon.md"] = "-rw-r--r-- root root",
        ["/usr/share/doc/clockbound/operations.md"] = "-rw-r--r-- root root",
        ["/usr/share/licenses/clockbound"] = "drwxr-xr-x root root",
        ["/usr/share/licenses/clockbound/copyright"] = "-rw-r--r-- root root",
        ["/usr/share/man/man1/clockboundctl.1.gz"] = "-rw-r--r-- root root",
        ["/usr/share/man/man8/clockbound.8.gz"] = "-rw-r--r-- root root",
    };

    [Fact]
    public void FileListMatchesTheDesign()
    {
        string[] lines = Rpm("-qlpv", packages.Rpm).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var listed = lines.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(fields => fields[^1], fields => $"{fields[0]} {fields[2]} {fields[3]}");
        Assert.Equal(Design.OrderBy(p => p.Key, StringComparer.Ordinal), listed.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal("/etc/sysconfig/clockbound", Rpm("-qpc", packages.Rpm).Trim());
        Assert.Equal($"clockbound-{BuiltPackages.Version}", Rpm("-qp", "--qf", "%{NAME}-%{VERSION}", packages.Rpm));
        string requires = Rpm("-qpR", packages.Rpm);
        Assert.Contains("chrony", requires.Split('\n').Select(line => line.Trim()));
    }

    [Fact]
    public void ScriptletsFollowTheSystemdMacrosAndNeverTouchChronyd()
    {
        IReadOnlyDictionary<string, string> scripts = Scriptlets(Rpm("-qp", "--scripts", packages.Rpm));
        Assert.Equal(["postinstall", "postuninstall", "preuninstall"], scripts.Keys.Order(StringComparer.Ordinal));
        // %systemd_post (on first install, $1 == 1): the preset, which the package's preset file turns into "enable".
        Assert.Contains("if [ $1 -eq 1 ]; then", scripts["postinstall"], StringComparison.Ordinal);
        Assert.Contains("systemctl --no-reload preset clockbound.service", scripts["postinstall"], StringComparison.Ordinal);
        Assert.Contains("systemctl start clockbound.service", scripts["postinstall"], StringComparison.Ordinal);
        // %systemd_preun (on erase, $1 == 0).
        Assert.Contains("if [ $1 -eq 0 ]; then", scripts["preuninstall"], StringComparison.Ordinal);
        Assert.Contains("systemctl --no-reload disable --now clockbound.service", scripts["preuninstall"], StringComparison.Ordinal);
        // %systemd_postun_with_restart.
        Assert.Contains("systemctl daemon-reload", scripts["postuninstall"], StringComparison.Ordinal);
        Assert.Contains("systemctl try-restart clockbound.service", scripts["postuninstall"], StringComparison.Ordinal);
        foreach ((string name, string body) in scripts)
        {
            ServiceCommands.AssertOnlyClockbound($"rpm {name}", body);
        }
    }

    [Fact]
    public void InstallIntoAScratchRootLaysTheFilesOutAsDesigned()
    {
        using var root = DebianRoot.Create(packages.SharedRoot);
        root.Host("rpm", "--root", root.MountPoint, "--initdb");
        ProcessResult install = root.HostUnchecked("rpm", "--root", root.MountPoint, "--nodeps", "-i", packages.Rpm);
        Assert.True(install.ExitCode == 0, $"rpm -i exited {install.ExitCode}:\n{install.StandardOutput}{install.StandardError}");
        foreach ((string path, string expected) in Design)
        {
            string[] want = expected.Split(' ');
            string type = want[0][0] == 'd' ? "directory" : "regular file";
            Assert.Equal($"{want[1]}:{want[2]} {Mode(want[0])} {type}", root.Stat(path));
        }
        // A scratch root has no chrony.conf with maxclockerror: %post says what to add, restarting nothing.
        Assert.Contains("include /usr/share/clockbound/chrony-clockbound.conf", install.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("maxclockerror 50", File.ReadAllLines(root.HostPath("/usr/share/clockbound/chrony-clockbound.conf")).Last(l => !l.StartsWith('#')));
        Assert.Empty(root.ProcessesInside());
        // The RHEL unit, with the sysconfig file.
        string[] unit = File.ReadAllLines(root.HostPath("/usr/lib/systemd/system/clockbound.service"));
        Assert.Contains("User=chrony", unit);
        Assert.Contains("Group=chrony", unit);
        Assert.Contains("After=chronyd.service", unit);
        Assert.Contains("EnvironmentFile=-/etc/sysconfig/clockbound", unit);
        Assert.Contains("ExecStart=/usr/bin/clockbound $CLOCKBOUND_OPTS", unit);
        Assert.Contains("CLOCKBOUND_OPTS=\"--max-drift-rate 50\"", File.ReadAllLines(root.HostPath("/etc/sysconfig/clockbound")));
        Assert.Equal($"clockbound-{BuiltPackages.Version}", root.Host("rpm", "--root", root.MountPoint, "-q", "--qf", "%{NAME}-%{VERSION}", "clockbound").StandardOutput);
    }

    /// <summary>"-rwxr-xr-x" as stat's octal "755".</summary>
    private static string Mode(string symbolic)
    {
        int mode = 0;
        for (int i = 1; i < 10; i++)
        {
            mode = (mode << 1) | (symbolic[i] == '-' ? 0 : 1);
        }
        return Convert.ToString(mode, 8);
    }

    private static string Rpm(params string[] arguments) =>
        ProcessRunner.Run("rpm", arguments).ThrowIfFailed("rpm " + string.Join(' ', arguments)).StandardOutput;

    /// <summary>rpm --scripts output split at its "NAME scriptlet (using /bin/sh):" headers.</summary>
    private static Dictionary<string, string> Scriptlets(string text)
    {
        var scripts = new Dictionary<string, string>();
        string? current = null;
        foreach (string line in text.Split('\n'))
        {
            if (line.EndsWith("scriptlet (using /bin/sh):", StringComparison.Ordinal))
            {
                current = line.Split(' ')[0];
                scripts[current] = "";
            }
            else if (current is not null)
            {
                scripts[current] += line + "\n";
            }
        }
        return scripts;
    }
}
