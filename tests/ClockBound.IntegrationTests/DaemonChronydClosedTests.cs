using System.Net.Sockets;
using System.Text.Json;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// The daemon as a user who may not enter chronyd's socket directory: its log names that cause and
/// the fix at error level (not a stale client socket, at warning level, forever), and doctor, reading
/// the running daemon's user from /proc, fails the same way. Then doctor against a real directory
/// tree whose modes the test sets.
/// </summary>
public sealed class DaemonChronydClosedTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    private static readonly UnixFileMode Mode0755 = CtlBinary.SegmentDirectoryMode;

    private static string DoctorLine(ProcessResult result, string topic) =>
        result.StandardOutput.Split('\n').SingleOrDefault(l => l.Length > 6 && l[6..].StartsWith(topic + ":", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"no '{topic}' line in:\n{result}");

    [Fact]
    public void ADaemonThatMayNotEnterChronydsDirectorySaysSoAtErrorLevel()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-nobody-", Mode0755);
        AsNobody.Own(directory.Path);
        string segment = directory.Combine("shm0");

        using DaemonProcess daemon = AsNobody.Daemon("--chrony-socket", chrony.SocketPath, "--shm-path", segment, "--shm-v1-path", segment + ".v1");
        string line = daemon.WaitForOutput("Sample failed", DaemonUnderTest.Patience);

        JsonElement failure = FindLine(daemon.Output, "Sample failed");
        string message = failure.GetProperty("Message").GetString()!;
        Assert.Equal("Error", failure.GetProperty("LogLevel").GetString());
        Assert.Contains($"cannot connect to chronyd's command socket {chrony.SocketPath}: permission denied: this user may not enter {chrony.Harness.Client.Directory}", message);
        Assert.Contains("; fix: run as root or as chronyd's user", message);
        Assert.Contains("repeated every 10 min", message);
        Assert.DoesNotContain("stale", daemon.Output, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(line));

        // doctor, as root, finds the daemon's user in /proc and fails on the same directory.
        ProcessResult doctor = CtlBinary.Run("doctor", "--shm-path", segment, "--chrony-socket", chrony.SocketPath,
            "--chrony-conf", chrony.Harness.Client.ConfigPath, "--vmclock-path", "/nonexistent/vmclock0");
        Assert.True(doctor.ExitCode == 2, $"{doctor}");
        Assert.StartsWith(
            $"FAIL  daemon user: nobody (uid 65534, from the running daemon (pid {daemon.Pid})) cannot reach chronyd's socket: {chrony.Harness.Client.Directory} (0770 root:root) may not be searched by nobody, so the daemon publishes Unknown; fix: run the daemon as root or as chronyd's user",
            DoctorLine(doctor, "daemon user"));
    }

    [Fact]
    public void DoctorJudgesTheDaemonUsersAccessOnARealTree()
    {
        using TempDirectory root = TempDirectory.Create("clockboundctl-tree-", Mode0755);
        string chronyDirectory = root.Combine("chrony");
        Directory.CreateDirectory(chronyDirectory);
        File.SetUnixFileMode(chronyDirectory, (UnixFileMode)0x1E8); // 0750 root:root, as chronyd's own (there _chrony's)
        string socketPath = Path.Combine(chronyDirectory, "chronyd.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        File.SetUnixFileMode(socketPath, (UnixFileMode)0x1B6); // 0666

        ProcessResult closed = Doctor(socketPath, "nobody");
        Assert.Equal(
            $"FAIL  daemon user: nobody (uid 65534, from --daemon-user) cannot reach chronyd's socket: {chronyDirectory} (0750 root:root) may not be searched by nobody, so the daemon publishes Unknown; "
            + "fix: run the daemon as root or as chronyd's user (User= in its unit: _chrony on Debian/Ubuntu, chrony on RHEL/Amazon Linux), or, where chronyd's socket directory is group-writable (0770), add its user to chronyd's group (SupplementaryGroups= in the unit)",
            DoctorLine(closed, "daemon user"));

        Assert.StartsWith("PASS  daemon user: root (uid 0, from --daemon-user) may reach", DoctorLine(Doctor(socketPath, "root"), "daemon user"));

        File.SetUnixFileMode(chronyDirectory, (UnixFileMode)0x1ED); // 0755: searchable, but nobody may not bind there
        Assert.StartsWith($"FAIL  daemon user: nobody (uid 65534, from --daemon-user) cannot reach chronyd's socket: {chronyDirectory} (0755 root:root) may not be written by nobody, and the daemon binds its own socket there",
            DoctorLine(Doctor(socketPath, "nobody"), "daemon user"));

        File.SetUnixFileMode(chronyDirectory, (UnixFileMode)0x1FF); // 0777
        File.SetUnixFileMode(socketPath, (UnixFileMode)0x1ED); // 0755: not writable by others
        Assert.StartsWith($"FAIL  daemon user: nobody (uid 65534, from --daemon-user) cannot reach chronyd's socket: {socketPath} (0755 root:root) may not be written by nobody",
            DoctorLine(Doctor(socketPath, "nobody"), "daemon user"));

        File.SetUnixFileMode(socketPath, (UnixFileMode)0x1B6);
        Assert.Equal($"PASS  daemon user: nobody (uid 65534, from --daemon-user) may reach chronyd's socket {socketPath}",
            DoctorLine(Doctor(socketPath, "nobody"), "daemon user"));
    }

    private static ProcessResult Doctor(string socketPath, string user) =>
        CtlBinary.Run("doctor", "--shm-path", "/nonexistent/shm0", "--chrony-socket", socketPath, "--chrony-udp-port", "0",
            "--chrony-conf", "/nonexistent/chrony.conf", "--vmclock-path", "/nonexistent/vmclock0", "--daemon-user", user);

    private static JsonElement FindLine(string output, string prefix)
    {
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            if (document.RootElement.GetProperty("Message").GetString()!.StartsWith(prefix, StringComparison.Ordinal))
            {
                return document.RootElement.Clone();
            }
        }
        throw new InvalidOperationException($"no '{prefix}' line in:\n{output}");
    }
}
