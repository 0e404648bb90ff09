using Microsoft.Win32.SafeHandles;
namespace ClockBound.Shm.Tests;

/// <summary>A segment deleted or replaced under a running writer is put back (issue 12, "A deleted segment is never recreated").</summary>
public sealed class SegmentWriterRestoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClockErrorBound Value(long bound) => SegmentFile.ValidValue(2) with { BoundNanoseconds = bound };

    [Fact]
    public void ADeletedSegmentIsRecreatedWithTheLastValueAndOldReadersSeeUnknown()
    {
        string path = _dir.File("shm0");
        using SegmentWriter writer = SegmentWriter.Open(path, 2);
        writer.Write(Value(10));
        using SafeFileHandle old = File.OpenHandle(path); // as a C or Rust client maps it: by the file, not the path
        Assert.False(writer.RestoreIfMissing());

        File.Delete(path);
        Assert.True(writer.RestoreIfMissing());

        Assert.Equal("1 0 644", SegmentFile.Run("stat", "-c", "%h %u %a", path).Trim());
        using (SegmentReader fresh = SegmentReader.Open(path))
        {
            Assert.Equal(Value(10), fresh.ReadFresh()); // new clients get the data at once
            writer.Write(Value(11));
            Assert.Equal(Value(11), fresh.ReadFresh());
        }
        // A client still mapping the orphan is told not to trust it any more.
        Assert.Equal(Value(10) with { Status = ClockStatus.Unknown }, ReadThrough(old));
        Assert.False(writer.RestoreIfMissing());
    }

    [Fact]
    public void CheckingAFileInPlaceAllocatesNothing()
    {
        using SegmentWriter writer = SegmentWriter.Open(_dir.File("shm0"), 2);
        ClockErrorBound value = Value(1);
        writer.RestoreIfMissing(); // JIT and first-call work
        writer.Write(value);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            writer.RestoreIfMissing();
            writer.Write(value);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ASegmentReplacedByAForgedFileIsPutBack()
    {
        string path = _dir.File("shm0");
        using SegmentWriter writer = SegmentWriter.Open(path, 2);
        writer.Write(Value(20));
        string forged = _dir.File("forged");
        File.WriteAllBytes(forged, SegmentFile.ValidV2());
        File.Move(forged, path, overwrite: true);

        Assert.True(writer.RestoreIfMissing());
        writer.Write(Value(21));

        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(Value(21), reader.ReadFresh());
    }

    [Fact]
    public void ARecreateThatCannotSucceedThrowsAndKeepsWritingTheOldFile()
    {
        string directory = _dir.File("d");
        string path = Path.Combine(directory, "shm0");
        using SegmentWriter writer = SegmentWriter.Open(path, 2);
        using SafeFileHandle old = File.OpenHandle(path);
        File.Delete(path);
        Directory.CreateDirectory(path); // a directory now sits at the name

        Assert.ThrowsAny<Exception>(() => writer.RestoreIfMissing());
        writer.Write(Value(30));
        Assert.Equal(Value(30), ReadThrough(old));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(directory), e => e.EndsWith(".new", StringComparison.Ordinal)); // no temporary file left

        Directory.Delete(path);
        Assert.True(writer.RestoreIfMissing());
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(Value(30), reader.ReadFresh());
    }

    /// <summary>The segment's value read through <paramref name="file"/>, an open handle that keeps its inode whatever the path names now.</summary>
    private static ClockErrorBound ReadThrough(SafeFileHandle file)
    {
        byte[] bytes = new byte[SegmentLayout.SizeV2];
        Assert.Equal(bytes.Length, RandomAccess.Read(file, bytes, 0));
        return SegmentCodec.DecodeBody(bytes, 2);
    }
}
