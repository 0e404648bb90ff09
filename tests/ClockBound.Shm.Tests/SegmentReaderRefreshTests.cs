using ClockBound.Interop;

namespace ClockBound.Shm.Tests;

/// <summary>
/// The reader's one cache: a copy taken with pread, served for at most one refresh interval (on
/// CLOCK_MONOTONIC_COARSE), whatever the generation says; real files changed under the reader.
/// </summary>
public sealed class SegmentReaderRefreshTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly SegmentWriter _writer;

    public SegmentReaderRefreshTests()
    {
        _path = _dir.File("shm0");
        _writer = SegmentWriter.Open(_path, 2);
        _writer.Write(Value(1));
    }

    public void Dispose()
    {
        _writer.Dispose();
        _dir.Dispose();
    }

    private static ClockErrorBound Value(long bound) => new()
    {
        AsOfNanoseconds = 1_000_000_000,
        VoidAfterNanoseconds = 1_001_000_000_000,
        BoundNanoseconds = bound,
        MaxDriftPpb = 15_000,
        Status = ClockStatus.Synchronized,
    };

    /// <summary>Reads until <paramref name="expected"/> comes (within a refresh interval, so well within <see cref="Patience"/>).</summary>
    private static void ReadsEventually(SegmentReader reader, ClockErrorBound expected)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string last = "";
        while (clock.Elapsed < Patience)
        {
            try
            {
                ClockErrorBound value = reader.Read();
                if (value == expected)
                {
                    return;
                }
                last = value.ToString();
            }
            catch (ClockBoundException e)
            {
                last = e.Message;
            }
            Thread.Yield();
        }
        Assert.Fail($"{expected} not read within {Patience}; last: {last}");
    }

    [Fact]
    public void AWriteIsSeenWithinARefreshIntervalAndReadFreshSeesItAtOnce()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        Assert.Equal(Value(1), reader.Read());
        _writer.Write(Value(2));
        Assert.Equal(Value(2), reader.ReadFresh());
        _writer.Write(Value(3));
        ReadsEventually(reader, Value(3));
        _writer.Write(Value(4));
        reader.ExpireCache();
        Assert.Equal(Value(4), reader.Read());
    }

    [Fact]
    public void ReadsWithinARefreshIntervalCopyNothing()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        long start = Clocks.MonotonicCoarseNanoseconds();
        for (int i = 0; i < 100_000; i++)
        {
            Assert.Equal(Value(1), reader.Read());
        }
        long elapsed = Clocks.MonotonicCoarseNanoseconds() - start;
        // At most one refresh per interval that began during the loop (the first read's included).
        Assert.InRange(reader.Refreshes, 1, elapsed / SegmentReader.RefreshIntervalNanoseconds + 2);
    }

    [Fact]
    public void AStuckOddGenerationCostsAtMostOneBoundedCopyPerRefreshAndServesTheLastGoodSnapshot()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        Assert.Equal(Value(1), reader.Read());
        SegmentFile.PokeGeneration(_path, (ushort)(_writer.Generation + 1)); // a writer that died mid-update

        long start = Clocks.MonotonicCoarseNanoseconds();
        long refreshesBefore = reader.Refreshes, attemptsBefore = reader.Attempts;
        reader.ExpireCache();
        for (int i = 0; i < 100_000; i++)
        {
            Assert.Equal(Value(1), reader.Read());
        }
        long elapsed = Clocks.MonotonicCoarseNanoseconds() - start;
        long refreshes = reader.Refreshes - refreshesBefore, attempts = reader.Attempts - attemptsBefore;
        Assert.InRange(refreshes, 1, elapsed / SegmentReader.RefreshIntervalNanoseconds + 2);
        Assert.Equal(SegmentReader.MaxAttempts * refreshes, attempts);
    }

    [Fact]
    public void AFileTruncatedToZeroUnderAReaderIsAnErrorNotSigbusAndRecovers()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        Assert.Equal(Value(1), reader.Read());
        SegmentFile.Run("truncate", "-s", "0", _path);
        reader.ExpireCache();
        ClockBoundException e = Assert.Throws<ClockBoundException>(() => reader.Read());
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, e.Kind);
        Assert.Contains("0 bytes long", e.Message);
        Assert.Equal(0, reader.Version);

        // The same inode written again (as the reference daemon does after truncating), once the
        // first writer, which holds the segment's lock, is gone.
        _writer.Dispose();
        using SegmentWriter again = SegmentWriter.Open(_path, 2);
        again.Write(Value(7));
        ReadsEventually(reader, Value(7));
    }

    [Fact]
    public void ASameVersionFileReinitialisedInPlaceToTheSameGenerationIsReadCorrectly()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        Assert.Equal(Value(1), reader.Read());
        ushort generation = _writer.Generation;

        // Another daemon re-initialises the file in place (same inode) and publishes its first
        // value under the very generation the reader last saw: a cache keyed on the generation
        // would serve Value(1) forever.
        byte[] bytes = new byte[SegmentLayout.SizeV2];
        SegmentCodec.WriteHeader(bytes, 2, generation);
        SegmentCodec.EncodeBody(bytes, 2, Value(9));
        string inode = SegmentFile.Inode(_path);
        SegmentFile.Poke(_path, 0, bytes);
        Assert.Equal(inode, SegmentFile.Inode(_path));

        ReadsEventually(reader, Value(9));
    }

    [Fact]
    public void AFileReplacedByANewInodeIsFollowed()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        Assert.Equal(Value(1), reader.Read());
        string replacement = _dir.File("shm0.new");
        using (SegmentWriter other = SegmentWriter.Open(replacement, 1))
        {
            other.Write(Value(5));
        }
        File.Move(replacement, _path, overwrite: true);
        ReadsEventually(reader, Value(5));
        Assert.Equal(1, reader.Version);
    }

    [Fact]
    public void AReaderOpenedBeforeTheFileExistsReportsWhyAndReadsItOnceItComes()
    {
        string path = _dir.File("later");
        using SegmentReader reader = SegmentReader.Open(path);
        ClockBoundException e = Assert.Throws<ClockBoundException>(() => reader.Read());
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, e.Kind);
        Assert.Equal("open", e.SystemCall);
        Assert.Equal(2, e.Errno);
        Assert.Contains(path, e.Message);
        Assert.Contains("(is the clockbound daemon running, with this --shm-path?)", e.Message);

        // Until the next refresh the same reason is given without a system call.
        long mono = Clocks.MonotonicCoarseNanoseconds();
        Assert.False(reader.TryRead(mono, out _, out ClockBoundException? first));
        Assert.False(reader.TryRead(mono, out _, out ClockBoundException? second));
        Assert.Same(first, second);

        using (SegmentWriter writer = SegmentWriter.Open(path, 2))
        {
            writer.Write(Value(3));
        }
        ReadsEventually(reader, Value(3));
    }

    [Fact]
    public void AFileDeletedUnderTheReaderIsReportedMissing()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        Assert.Equal(Value(1), reader.Read());
        File.Delete(_path);
        reader.ExpireCache();
        Assert.Equal(2, Assert.Throws<ClockBoundException>(() => reader.Read()).Errno);
    }

    [Fact]
    public void ReadersOfDifferentSegmentsDoNotShareACache()
    {
        string otherPath = _dir.File("other");
        using SegmentWriter otherWriter = SegmentWriter.Open(otherPath, 2);
        otherWriter.Write(Value(7));
        using SegmentReader first = SegmentReader.Open(_path);
        using SegmentReader second = SegmentReader.Open(otherPath);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Value(1), first.Read());
            Assert.Equal(Value(7), second.Read());
        }
    }

    [Fact]
    public void ASegmentReinitialisedAsAnotherVersionIsReadAsThat()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        Assert.Equal(Value(1), reader.Read());
        _writer.Dispose();

        // A daemon restarting as v1 on the same file re-initialises it: generation 0 first.
        using SegmentWriter v1 = SegmentWriter.Open(_path, 1);
        reader.ExpireCache();
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, Assert.Throws<ClockBoundException>(() => reader.Read()).Kind);
        v1.Write(Value(5));
        ReadsEventually(reader, Value(5));
        Assert.Equal(1, reader.Version);
    }

    [Fact]
    public void ReadAfterDisposeThrowsInsteadOfReturningTheCache()
    {
        SegmentReader reader = SegmentReader.Open(_path);
        reader.Read();
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.Read());
        Assert.Throws<ObjectDisposedException>(() => reader.ReadFresh());
        Assert.Equal(0, reader.Version);
    }
}
