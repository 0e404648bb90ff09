using ClockBound.Interop;

namespace ClockBound.Shm.Tests;

/// <summary>One writer per segment: an exclusive flock on NAME.lock beside it (issue 12, "No single-writer guard").</summary>
public sealed class SegmentWriterLockTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ASecondWriterInAnotherProcessIsRefusedNamingTheHoldersPid()
    {
        string path = _dir.File("shm0");
        using TestHostProcess holder = TestHostProcess.Start(unprivileged: false, "write", path, "2");
        holder.WaitForLine(l => l == "ready", TimeSpan.FromSeconds(60));
        ushort generation = SegmentFile.ReadGeneration(path);

        SegmentInUseException e = Assert.Throws<SegmentInUseException>(() => SegmentWriter.Open(path, 2));

        int pid = int.Parse(SegmentFile.Run("cat", _dir.File("shm0.lock")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(pid, e.HolderPid);
        Assert.NotEqual(Environment.ProcessId, pid);
        Assert.Contains($"{path} is already published by process {pid}, which holds the lock {_dir.File("shm0.lock")}", e.Message, StringComparison.Ordinal);
        Assert.Contains("Stop that daemon first", e.Message, StringComparison.Ordinal);
        // The refused writer touched nothing: the holder's segment still advances.
        Assert.True(SpinWait.SpinUntil(() => SegmentFile.ReadGeneration(path) != generation, TimeSpan.FromSeconds(30)), "the holder stopped writing");
        holder.CloseInput();
        holder.WaitForExit(TimeSpan.FromSeconds(60));

        using SegmentWriter after = SegmentWriter.Open(path, 2); // released when its process ended
        Assert.True(after.IsWarmRestart);
    }

    [Fact]
    public void TheLockIsReleasedOnDisposeAndTheLockFileIsPrivateAndHoldsThePid()
    {
        string path = _dir.File("shm0");
        SegmentWriter first = SegmentWriter.Open(path, 2);
        Assert.Equal(Environment.ProcessId, Assert.Throws<SegmentInUseException>(() => SegmentWriter.Open(path, 2)).HolderPid);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("shm0.lock")));
        Assert.Equal($"{Environment.ProcessId}\n", SegmentFile.Run("cat", _dir.File("shm0.lock")));
        first.Dispose();

        using SegmentWriter second = SegmentWriter.Open(path, 2);
        Assert.True(File.Exists(_dir.File("shm0.lock"))); // never removed: that would let two writers lock two files
    }

    [Fact]
    public void ALockFileThatIsALinkIsRefusedAndItsTargetIsUntouched()
    {
        string secret = _dir.File("secret");
        File.WriteAllText(secret, "keep");
        File.CreateSymbolicLink(_dir.File("shm0.lock"), secret);

        SegmentPathException e = Assert.Throws<SegmentPathException>(() => SegmentWriter.Open(_dir.File("shm0"), 2));

        Assert.Contains($"the lock file {_dir.File("shm0.lock")} is not a regular file (SymbolicLink). Fix: remove it", e.Message, StringComparison.Ordinal);
        Assert.Equal("keep", File.ReadAllText(secret));
        Assert.False(File.Exists(_dir.File("shm0")));
    }

    [Fact]
    public void ProcLocksIsReadForTheExclusiveFlockOfThatFileOnly()
    {
        var file = new FileStatus(FileKind.Regular, 0x180, 0, 0, 1, 5, new FileIdentity(0xfe, 0, 347539));
        const string Text = "1: FLOCK  ADVISORY  READ 100 fe:00:347539 0 EOF\n"
            + "2: POSIX  ADVISORY  WRITE 200 fe:00:347539 0 EOF\n"
            + "3: FLOCK  ADVISORY  WRITE 300 fe:01:347539 0 EOF\n"
            + "4: FLOCK  ADVISORY  WRITE 400 fe:00:347539 0 EOF\n"
            + "4: -> FLOCK  ADVISORY  WRITE 500 fe:00:347539 0 EOF\n";
        Assert.Equal(400, ProcLocks.FindExclusiveFlockHolder(Text, file));
        Assert.Null(ProcLocks.FindExclusiveFlockHolder(Text, file with { Identity = file.Identity with { Inode = 1 } }));
        Assert.Null(ProcLocks.FindExclusiveFlockHolder("", file));
    }
}
