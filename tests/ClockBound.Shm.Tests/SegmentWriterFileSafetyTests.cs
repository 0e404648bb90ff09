using ClockBound.Interop;

namespace ClockBound.Shm.Tests;

/// <summary>
/// The writer never follows a link, never writes a file that is not its own with one name, and
/// refuses a directory others could change (issue 12, "Security: the daemon's files"). Real files;
/// "another user" is nobody (65534), set with chown since the tests run as root.
/// </summary>
public sealed class SegmentWriterFileSafetyTests : IDisposable
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0644 = Mode0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode0755 = Mode0644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const string Nobody = "65534";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Secret(string name = "secret")
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, Enumerable.Range(0, 100).Select(i => (byte)(i + 1)).ToArray());
        File.SetUnixFileMode(path, Mode0600);
        return path;
    }

    private static void AssertUntouched(string path)
    {
        Assert.Equal(Mode0600, File.GetUnixFileMode(path));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (byte)(i + 1)).ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void ASymlinkToAnExistingFileIsRefusedAndTheFileIsUntouched()
    {
        string secret = Secret();
        string path = _dir.File("shm0");
        File.CreateSymbolicLink(path, secret);

        SegmentPathException e = Assert.Throws<SegmentPathException>(() => SegmentWriter.Open(path, 2));

        Assert.Contains($"{path} is a symbolic link", e.Message, StringComparison.Ordinal);
        Assert.Contains($"leads to '{secret}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Fix: remove the link", e.Message, StringComparison.Ordinal);
        AssertUntouched(secret);
        Assert.Equal(secret, new FileInfo(path).LinkTarget);
    }

    [Fact]
    public void ADanglingSymlinkIsRefusedAndItsTargetIsNotCreated()
    {
        string target = _dir.File("created-through-the-link");
        string path = _dir.File("shm0");
        File.CreateSymbolicLink(path, target);

        Assert.Throws<SegmentPathException>(() => SegmentWriter.Open(path, 2));

        Assert.False(File.Exists(target));
        Assert.Equal(target, new FileInfo(path).LinkTarget);
    }

    [Fact]
    public void AHardLinkedFileIsReplacedAndTheOtherNameIsUntouched()
    {
        string secret = Secret();
        string path = _dir.File("shm0");
        SegmentFile.Run("ln", secret, path);
        string inode = SegmentFile.Inode(secret);

        using (SegmentWriter writer = SegmentWriter.Open(path, 2))
        {
            Assert.Contains("2 hard links", writer.ReplacedBecause, StringComparison.Ordinal);
            Assert.False(writer.IsWarmRestart);
            writer.Write(SegmentFile.ValidValue(2));
        }

        AssertUntouched(secret);
        Assert.Equal("1", SegmentFile.Run("stat", "-c", "%h", secret).Trim());
        Assert.NotEqual(inode, SegmentFile.Inode(path));
        Assert.Equal("1 0 644", SegmentFile.Run("stat", "-c", "%h %u %a", path).Trim());
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(SegmentFile.ValidValue(2), reader.ReadFresh());
    }

    [Fact]
    public void AFileOfAnotherUserIsReplacedByOneTheyCannotWrite()
    {
        string path = _dir.File("shm0");
        File.WriteAllBytes(path, SegmentFile.ValidV2());
        SegmentFile.Run("chown", $"{Nobody}:{Nobody}", path);
        File.SetUnixFileMode(path, Mode0644 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
        File.SetUnixFileMode(_dir.Path, Mode0755); // nobody may reach it, as a client would
        string inode = SegmentFile.Inode(path);

        using SegmentWriter writer = SegmentWriter.Open(path, 2);
        writer.Write(SegmentFile.ValidValue(2) with { BoundNanoseconds = 5_000 });

        Assert.Contains($"owned by uid {Nobody}", writer.ReplacedBecause, StringComparison.Ordinal);
        Assert.False(writer.IsWarmRestart); // its contents are not ours to trust
        Assert.NotEqual(inode, SegmentFile.Inode(path));
        Assert.Equal("0 0 644", SegmentFile.Run("stat", "-c", "%u %g %a", path).Trim());
        // As nobody: neither a write (a forged bound) nor a truncation gets through.
        ProcessResult forge = RunAsNobody($"printf 'x' | dd of={path} bs=1 seek=48 conv=notrunc 2>&1");
        ProcessResult truncate = RunAsNobody($"truncate -s 0 {path} 2>&1");
        Assert.NotEqual(0, forge.ExitCode);
        Assert.Contains("Permission denied", forge.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, truncate.ExitCode);
        Assert.Contains("Permission denied", truncate.Output, StringComparison.Ordinal);
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(5_000, reader.ReadFresh().BoundNanoseconds);
    }

    [Fact]
    public void OurOwnFileWithOneNameIsStillReusedInPlace()
    {
        string path = _dir.File("shm0");
        File.WriteAllBytes(path, SegmentFile.ValidV2(generation: 6));
        string inode = SegmentFile.Inode(path);
        using SegmentWriter writer = SegmentWriter.Open(path, 2);
        Assert.True(writer.IsWarmRestart);
        Assert.Null(writer.ReplacedBecause);
        Assert.Equal(inode, SegmentFile.Inode(path));
    }

    [Fact]
    public void AFifoIsRefusedWithoutBlocking()
    {
        string path = _dir.File("shm0");
        SegmentFile.Run("mkfifo", path);
        SegmentPathException e = Assert.Throws<SegmentPathException>(() => SegmentWriter.Open(path, 2));
        Assert.Contains("is not a regular file but a FIFO", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorldWritableDirectoryIsRefusedAndNothingIsCreated()
    {
        string directory = _dir.File("open");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, Mode0755 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);

        SegmentPathException e = Assert.Throws<SegmentPathException>(() => SegmentWriter.Open(Path.Combine(directory, "shm0"), 2));

        Assert.Contains($"the directory {directory} is writable by every user (mode 0777)", e.Message, StringComparison.Ordinal);
        Assert.Contains($"Fix: chmod o-w {directory}", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(directory));
    }

    [Fact]
    public void AWorldWritableAncestorIsRefusedToo()
    {
        string open = _dir.File("open");
        Directory.CreateDirectory(Path.Combine(open, "run"));
        File.SetUnixFileMode(open, Mode0755 | UnixFileMode.OtherWrite);

        SegmentPathException e = Assert.Throws<SegmentPathException>(() => SegmentWriter.Open(Path.Combine(open, "run", "clockbound", "shm0"), 2));

        Assert.Contains($"the directory {open} is writable by every user (mode 0757)", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(open, "run", "clockbound")));
    }

    [Fact]
    public void AStickyWorldWritableDirectoryIsAccepted()
    {
        string sticky = _dir.File("tmp");
        Directory.CreateDirectory(sticky);
        File.SetUnixFileMode(sticky, Mode0755 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit);
        using SegmentWriter writer = SegmentWriter.Open(Path.Combine(sticky, "shm0"), 2);
        Assert.False(writer.IsWarmRestart);
    }

    [Fact]
    public void ADirectoryWritableByAForeignGroupIsRefusedByRootsGroupIsNot()
    {
        string directory = _dir.File("group");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, Mode0755 | UnixFileMode.GroupWrite);
        using (SegmentWriter.Open(Path.Combine(directory, "shm0"), 2))
        {
            // group root (0) and mode 0775: only root's group may write, accepted
        }

        SegmentFile.Run("chgrp", Nobody, directory);
        SegmentPathException e = Assert.Throws<SegmentPathException>(() => SegmentWriter.Open(Path.Combine(directory, "shm0"), 2));
        Assert.Contains($"writable by group {Nobody} (mode 0775)", e.Message, StringComparison.Ordinal);
        Assert.Contains($"Fix: chmod g-w {directory}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADirectoryOwnedByAnotherUserIsRefused()
    {
        string directory = _dir.File("theirs");
        Directory.CreateDirectory(directory);
        SegmentFile.Run("chown", Nobody, directory);

        SegmentPathException e = Assert.Throws<SegmentPathException>(() => SegmentWriter.Open(Path.Combine(directory, "shm0"), 2));

        Assert.Contains($"the directory {directory} is owned by uid {Nobody}, not by root or the daemon's user (uid 0)", e.Message, StringComparison.Ordinal);
        Assert.Contains($"Fix: chown root {directory}", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(directory));
    }

    [Fact]
    public void ALinkOnTheWayIsFollowedWhenRootOwnsItAndRefusedWhenAnotherUserDoes()
    {
        // Like /var/run -> /run.
        string real = _dir.File("run");
        Directory.CreateDirectory(real);
        string link = _dir.File("var-run");
        File.CreateSymbolicLink(link, "run");
        using (SegmentWriter writer = SegmentWriter.Open(Path.Combine(link, "clockbound", "shm0"), 2))
        {
            writer.Write(SegmentFile.ValidValue(2));
        }
        Assert.Equal(Mode0755, File.GetUnixFileMode(Path.Combine(real, "clockbound")));
        Assert.True(File.Exists(Path.Combine(real, "clockbound", "shm0")));

        SegmentFile.Run("chown", "-h", Nobody, link);
        SegmentPathException e = Assert.Throws<SegmentPathException>(() => SegmentWriter.Open(Path.Combine(link, "clockbound", "shm0"), 2));
        Assert.Contains($"the symbolic link {link} on the segment's path is owned by uid {Nobody}", e.Message, StringComparison.Ordinal);
    }

    private readonly record struct ProcessResult(int ExitCode, string Output);

    private static ProcessResult RunAsNobody(string shell)
    {
        var start = new System.Diagnostics.ProcessStartInfo("setpriv") { RedirectStandardOutput = true };
        foreach (string argument in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "sh", "-c", shell })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output);
    }
}
