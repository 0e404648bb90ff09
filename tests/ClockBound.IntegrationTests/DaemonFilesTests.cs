using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// The files the daemon creates are readable by clients of any user, whatever the umask it runs
/// under: segments 0644, missing segment directories 0755, lock files 0600 (docs/daemon.md, "Files").
/// </summary>
public sealed class DaemonFilesTests : IDisposable
{
    private const UnixFileMode Mode0644 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode Mode0755 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Mode0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly TempDirectory _directory = TempDirectory.Create("clockbound-files-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void UnderUmask077MissingDirectoriesAreCreated0755AndSegments0644()
    {
        string existing = _directory.Combine("existing");
        Directory.CreateDirectory(existing);
        File.SetUnixFileMode(existing, Mode0700); // the operator's choice: left alone
        string v2 = Path.Combine(_directory.Path, "run", "clockbound", "shm0");
        string v1 = Path.Combine(existing, "v1", "shm");

        // The shell sets the umask, then becomes the daemon (exec): signals reach the daemon itself.
        using DaemonProcess daemon = DaemonProcess.Start("/bin/sh",
        [
            "-c", "umask 077 && exec \"$0\" \"$@\"", ClockBoundBinaries.Daemon,
            "-m", "50", "-d", "--chrony-socket", _directory.Combine("no-chronyd.sock"), "--shm-path", v2, "--shm-v1-path", v1,
        ]);
        daemon.WaitForOutput("Clock status (start) -> Unknown", DaemonUnderTest.Patience);
        daemon.Signal(Signals.Term);
        Assert.Equal(0, daemon.WaitForExit(DaemonUnderTest.Patience));

        Assert.Equal(Mode0755, File.GetUnixFileMode(_directory.Combine("run")));
        Assert.Equal(Mode0755, File.GetUnixFileMode(Path.GetDirectoryName(v2)!));
        Assert.Equal(Mode0755, File.GetUnixFileMode(Path.GetDirectoryName(v1)!));
        Assert.Equal(Mode0700, File.GetUnixFileMode(existing));
        Assert.Equal(Mode0644, File.GetUnixFileMode(v2));
        Assert.Equal(Mode0644, File.GetUnixFileMode(v1));
        // The single-writer locks: private (no other user can open and hold them), kept after exit.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(v2 + ".lock"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(v1 + ".lock"));
        using SegmentReader v2Reader = SegmentReader.Open(v2);
        using SegmentReader v1Reader = SegmentReader.Open(v1);
        Assert.Equal(ClockStatus.Unknown, v2Reader.ReadFresh().Status);
        Assert.Equal(ClockStatus.Unknown, v1Reader.ReadFresh().Status);
    }
}
