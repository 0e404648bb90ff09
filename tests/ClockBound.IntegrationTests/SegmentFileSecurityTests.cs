using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// The real daemon (as root) and its segment files under attack (issue 12, "Security: the daemon's
/// files"): links, foreign files, an open directory, a deleted segment, a second daemon. No
/// chronyd is needed: without one the daemon runs and publishes Unknown.
/// </summary>
public sealed class SegmentFileSecurityTests : IDisposable
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly TempDirectory _directory = TempDirectory.Create("clockbound-security-", Mode0755);

    public void Dispose() => _directory.Dispose();

    private DaemonProcess Start(string v2, string v1) => DaemonProcess.StartDaemon(
        "-m", "50", "-d", "--chrony-socket", _directory.Combine("no-chronyd.sock"), "--shm-path", v2, "--shm-v1-path", v1);

    private static byte[] SecretBytes => Enumerable.Range(0, 100).Select(i => (byte)(255 - i)).ToArray();

    [Fact]
    public void ASymlinkAtTheSegmentPathIsRefusedWithExit1AndItsTargetIsUntouched()
    {
        string secret = _directory.Combine("secret");
        File.WriteAllBytes(secret, SecretBytes);
        File.SetUnixFileMode(secret, Mode0600);
        string v2 = _directory.Combine("shm0");
        string v1 = _directory.Combine("shm");
        File.CreateSymbolicLink(v2, secret);
        File.CreateSymbolicLink(v1, _directory.Combine("dangling"));

        using DaemonProcess daemon = Start(v2, v1);

        Assert.Equal(1, daemon.WaitForExit(DaemonUnderTest.Patience));
        Assert.Contains($"Cannot open segment version 2 at {v2}: {v2} is a symbolic link", daemon.Output, StringComparison.Ordinal);
        Assert.Equal(Mode0600, File.GetUnixFileMode(secret));
        Assert.Equal(SecretBytes, File.ReadAllBytes(secret));

        // The dangling link as version 1 path: refused the same way, its target never created.
        File.Delete(v2);
        using DaemonProcess second = Start(v2, v1);
        Assert.Equal(1, second.WaitForExit(DaemonUnderTest.Patience));
        Assert.Contains($"Cannot open segment version 1 at {v1}: {v1} is a symbolic link", second.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("dangling")));
    }

    [Fact]
    public void AHardLinkedOrForeignSegmentIsReplacedAndTheOtherFileIsUntouched()
    {
        string secret = _directory.Combine("secret");
        File.WriteAllBytes(secret, SecretBytes);
        File.SetUnixFileMode(secret, Mode0600);
        string v2 = _directory.Combine("shm0");
        string v1 = _directory.Combine("shm");
        ProcessRunner.Run("ln", [secret, v2]).ThrowIfFailed("ln");
        File.WriteAllBytes(v1, new byte[72]);
        ProcessRunner.Run("chown", ["65534:65534", v1]).ThrowIfFailed("chown");

        using DaemonProcess daemon = Start(v2, v1);
        daemon.WaitForOutput("Clock status (start) -> Unknown", DaemonUnderTest.Patience);

        Assert.Contains("replaced a file that was not its own: it had 2 hard links", daemon.Output, StringComparison.Ordinal);
        Assert.Contains("replaced a file that was not its own: it was owned by uid 65534", daemon.Output, StringComparison.Ordinal);
        Assert.Equal(SecretBytes, File.ReadAllBytes(secret));
        Assert.Equal(Mode0600, File.GetUnixFileMode(secret));
        Assert.Equal("1 0 644", Stat("%h %u %a", v2));
        Assert.Equal("1 0 644", Stat("%h %u %a", v1));
        using SegmentReader reader = SegmentReader.Open(v1);
        Assert.Equal(ClockStatus.Unknown, Eventually.Satisfies(() => TryRead(reader), s => s is not null, DaemonUnderTest.Patience, "a v1 write")!.Value.Status);
        daemon.Signal(Signals.Term);
        Assert.Equal(0, daemon.WaitForExit(DaemonUnderTest.Patience));
    }

    [Fact]
    public void AWorldWritableSegmentDirectoryIsRefusedAtStartNamingTheFix()
    {
        string open = _directory.Combine("open");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, Mode0755 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);

        using DaemonProcess daemon = Start(Path.Combine(open, "shm0"), Path.Combine(open, "shm"));

        Assert.Equal(1, daemon.WaitForExit(DaemonUnderTest.Patience));
        Assert.Contains($"the directory {open} is writable by every user (mode 0777) and not sticky", daemon.Output, StringComparison.Ordinal);
        Assert.Contains($"Fix: chmod o-w {open}", daemon.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(open));
    }

    [Fact]
    public void ADeletedSegmentIsRecreatedAndLoggedOnce()
    {
        string v2 = _directory.Combine("shm0");
        using DaemonProcess daemon = Start(v2, _directory.Combine("shm"));
        daemon.WaitForOutput("Clock status (start) -> Unknown", DaemonUnderTest.Patience);
        string inode = DaemonUnderTest.Inode(v2);

        File.Delete(v2);

        daemon.WaitForOutput($"Segment version 2 at {v2} was deleted or replaced by someone else; recreated it", DaemonUnderTest.Patience);
        Assert.NotEqual(inode, DaemonUnderTest.Inode(v2));
        using SegmentReader reader = SegmentReader.Open(v2); // a new client finds it again
        Assert.Equal(ClockStatus.Unknown, reader.ReadFresh().Status); // with the last value, at once
        ushort generation = Generation(v2);
        Eventually.Satisfies(() => Generation(v2), g => g != generation, DaemonUnderTest.Patience, "the new file is written every loop");
        Assert.Single(daemon.Output.Split('\n'), l => l.Contains("was deleted or replaced", StringComparison.Ordinal));
        daemon.Signal(Signals.Term);
        Assert.Equal(0, daemon.WaitForExit(DaemonUnderTest.Patience));
    }

    [Fact]
    public void ASecondDaemonOnTheSameSegmentExits1NamingTheFirstOnesPid()
    {
        string v2 = _directory.Combine("shm0");
        string v1 = _directory.Combine("shm");
        using DaemonProcess first = Start(v2, v1);
        first.WaitForOutput("Clock status (start) -> Unknown", DaemonUnderTest.Patience);

        using DaemonProcess second = Start(v2, v1);

        Assert.Equal(1, second.WaitForExit(DaemonUnderTest.Patience));
        Assert.Contains($"{v2} is already published by process {first.Pid}, which holds the lock {v2}.lock", second.Output, StringComparison.Ordinal);
        Assert.False(first.HasExited);
        ushort generation = Generation(v2);
        Eventually.Satisfies(() => Generation(v2), g => g != generation, DaemonUnderTest.Patience, "the first daemon keeps writing");
        first.Signal(Signals.Term);
        Assert.Equal(0, first.WaitForExit(DaemonUnderTest.Patience));

        using DaemonProcess third = Start(v2, v1); // the lock went with the first daemon
        third.WaitForOutput("Publishing segment version 2 at", DaemonUnderTest.Patience);
        Assert.Contains("reused: warm restart", third.Output, StringComparison.Ordinal);
    }

    private static ClockErrorBound? TryRead(SegmentReader reader)
    {
        try
        {
            return reader.ReadFresh();
        }
        catch (ClockBoundException)
        {
            return null;
        }
    }

    private static ushort Generation(string path) => BitConverter.ToUInt16(File.ReadAllBytes(path), 14);

    private static string Stat(string format, string path) =>
        ProcessRunner.Run("stat", ["-c", format, path]).ThrowIfFailed($"stat {path}").StandardOutput.Trim();
}
