using System.Buffers.Binary;

namespace ClockBound.Shm.Tests;

/// <summary>Read(out fromCache): the reader's snapshot, shared by its threads, reused while the generation is unchanged.</summary>
public sealed class SegmentReaderCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly SegmentWriter _writer;

    public SegmentReaderCacheTests()
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

    [Fact]
    public void ReusesWhileTheGenerationIsUnchangedAndRefreshesAfterAWrite()
    {
        using SegmentReader reader = SegmentReader.Open(_path);

        Assert.Equal(Value(1), reader.Read(out bool fromCache));
        Assert.False(fromCache);
        Assert.Equal(Value(1), reader.Read(out fromCache));
        Assert.True(fromCache);

        _writer.Write(Value(2));
        Assert.Equal(Value(2), reader.Read(out fromCache));
        Assert.False(fromCache);
        Assert.Equal(Value(2), reader.Read(out fromCache));
        Assert.True(fromCache);

        // ReadFresh always copies; it refreshes the cache but is never "from cache" itself.
        Assert.Equal(Value(2), reader.ReadFresh());
        Assert.Equal(Value(2), reader.Read(out fromCache));
        Assert.True(fromCache);
    }

    [Fact]
    public void TheCachedPathReallySkipsTheCopyAndReadFreshDoesNot()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        reader.Read(out _);

        // Change the body behind the seqlock's back, generation untouched.
        byte[] bound = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bound, 99);
        SegmentFile.Poke(_path, 48, bound);

        Assert.Equal(Value(1), reader.Read(out bool fromCache));
        Assert.True(fromCache);
        Assert.Equal(Value(99), reader.ReadFresh());
        Assert.Equal(Value(99), reader.Read(out fromCache));
        Assert.True(fromCache);
    }

    [Fact]
    public void TheCacheIsSharedByAllThreads()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        Assert.Equal(Value(1), reader.Read(out bool fromCache));
        Assert.False(fromCache);

        bool otherFromCache = false;
        ClockErrorBound otherValue = default;
        var other = new Thread(() => otherValue = reader.Read(out otherFromCache));
        other.Start();
        other.Join();
        Assert.Equal(Value(1), otherValue);
        Assert.True(otherFromCache); // this thread's copy served the other thread

        // A write seen first by the other thread refreshes the cache for this one too.
        _writer.Write(Value(2));
        other = new Thread(() => otherValue = reader.Read(out otherFromCache));
        other.Start();
        other.Join();
        Assert.False(otherFromCache);
        Assert.Equal(Value(2), reader.Read(out fromCache));
        Assert.True(fromCache);
    }

    [Fact]
    public void TwoReadersOnOneThreadEachReadTheirOwnSegment()
    {
        string otherPath = _dir.File("other");
        using SegmentWriter otherWriter = SegmentWriter.Open(otherPath, 2);
        otherWriter.Write(Value(7));
        using SegmentReader first = SegmentReader.Open(_path);
        using SegmentReader second = SegmentReader.Open(otherPath);

        // Both at generation 2: a cache keyed on the generation alone would mix them up.
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Value(1), first.Read(out _));
            Assert.Equal(Value(7), second.Read(out _));
        }
    }

    [Fact]
    public void AnOddGenerationGivesTheLastGoodSnapshot()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        Assert.Equal(Value(1), reader.Read(out _));

        SegmentFile.PokeGeneration(_path, 3); // an update in progress that never finishes
        Assert.Equal(Value(1), reader.Read(out _));
        Assert.Equal(Value(1), reader.ReadFresh());

        // Another thread falls back on the reader's snapshot too.
        ClockErrorBound otherValue = default;
        var other = new Thread(() => otherValue = reader.Read(out _));
        other.Start();
        other.Join();
        Assert.Equal(Value(1), otherValue);

        // A reader that never had a snapshot has nothing to fall back on.
        using (SegmentReader newcomer = SegmentReader.Open(_path))
        {
            Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, Assert.Throws<ClockBoundException>(() => newcomer.Read(out _)).Kind);
        }

        _writer.Write(Value(2)); // completes the odd generation: 3 -> 4
        Assert.Equal(4, _writer.Generation);
        Assert.Equal(Value(2), reader.Read(out bool fromCache));
        Assert.False(fromCache);
    }

    [Fact]
    public void AReinitialisedSegmentIsNotServedFromTheCache()
    {
        using SegmentReader reader = SegmentReader.Open(_path);
        Assert.Equal(Value(1), reader.Read(out _));
        _writer.Dispose();

        // A daemon restarting as v1 on the same file re-initialises it: generation 0 first.
        using SegmentWriter v1 = SegmentWriter.Open(_path, 1);
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, Assert.Throws<ClockBoundException>(() => reader.Read(out _)).Kind);
        v1.Write(Value(5));
        Assert.Equal(Value(5), reader.Read(out bool fromCache));
        Assert.False(fromCache);
        Assert.Equal(1, reader.Version);
    }

    [Fact]
    public void ReadAfterDisposeThrowsInsteadOfReturningTheCache()
    {
        SegmentReader reader = SegmentReader.Open(_path);
        reader.Read(out _);
        reader.Dispose();
        Exception? error = Record.Exception(() => reader.Read(out _));
        Assert.True(error is ObjectDisposedException or ClockBoundException { Kind: ClockBoundErrorKind.SegmentNotInitialized }, $"{error}");
    }
}
