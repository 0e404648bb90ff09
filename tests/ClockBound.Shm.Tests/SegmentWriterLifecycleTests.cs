namespace ClockBound.Shm.Tests;

/// <summary>Creating, reusing (warm restart) and re-initialising segment files, on real mapped files.</summary>
public sealed class SegmentWriterLifecycleTests : IDisposable
{
    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClockErrorBound Value(long bound, int version = 2) => new()
    {
        AsOfNanoseconds = 10_000_000_000 + bound,
        VoidAfterNanoseconds = 1_010_000_000_000 + bound,
        BoundNanoseconds = bound,
        MaxDriftPpb = 15_000,
        Status = ClockStatus.Synchronized,
        DisruptionMarker = version == 2 ? (ulong)bound * 3 : 0,
        DisruptionSupportEnabled = version == 2,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CreatesMissingDirectoriesAndAFileWithMode0644(int version)
    {
        string path = Path.Combine(_dir.Path, "run", "clockbound", "shm0");
        using SegmentWriter writer = SegmentWriter.Open(path, version);

        Assert.False(writer.IsWarmRestart);
        Assert.Equal(0, writer.Generation);
        Assert.Equal(Mode0644, File.GetUnixFileMode(path));
        Assert.Equal(SegmentLayout.SizeOf(version), new FileInfo(path).Length);
        byte[] expected = new byte[SegmentLayout.SizeOf(version)];
        SegmentCodec.WriteHeader(expected, version, generation: 0);
        Assert.Equal(expected, File.ReadAllBytes(path));

        // Initialised but never written: a reader is told so, rather than given zeros.
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, Assert.Throws<ClockBoundException>(() => reader.ReadFresh()).Kind);
    }

    [Fact]
    public void AnExistingFileGetsMode0644()
    {
        string path = _dir.File("shm0");
        File.WriteAllBytes(path, SegmentFile.ValidV2());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using SegmentWriter writer = SegmentWriter.Open(path, 2);
        Assert.Equal(Mode0644, File.GetUnixFileMode(path));
    }

    [Fact]
    public void WarmRestartReusesTheFileAndItsGenerationAndLiveReadersFollow()
    {
        string path = _dir.File("shm0");
        SegmentWriter first = SegmentWriter.Open(path, 2);
        first.Write(Value(1));
        string inode = SegmentFile.Inode(path);

        // A client that mapped the segment before the restart, and never reopens it.
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(Value(1), reader.ReadFresh());
        first.Dispose();

        // Between the daemons: the data stays readable.
        Assert.Equal(Value(1), reader.ReadFresh());

        using SegmentWriter second = SegmentWriter.Open(path, 2);
        Assert.True(second.IsWarmRestart);
        Assert.Equal(2, second.Generation);
        Assert.Equal(inode, SegmentFile.Inode(path));
        Assert.Equal(Value(1), reader.ReadFresh()); // reopening alone changes nothing

        second.Write(Value(2));
        Assert.Equal(4, second.Generation);
        Assert.Equal(Value(2), reader.ReadFresh());
        Assert.Equal(Value(2), reader.Read());
        second.Write(Value(3));
        Assert.Equal(Value(3), reader.ReadFresh());
        Assert.Equal(inode, SegmentFile.Inode(path));
    }

    [Fact]
    public void AV1FileIsReinitialisedAsV2AndGrown()
    {
        string path = _dir.File("shm0");
        File.WriteAllBytes(path, SegmentFile.ValidV1());
        string inode = SegmentFile.Inode(path);

        using SegmentWriter writer = SegmentWriter.Open(path, 2);
        Assert.False(writer.IsWarmRestart);
        Assert.Equal(0, writer.Generation);
        Assert.Equal(80, new FileInfo(path).Length);
        Assert.Equal(inode, SegmentFile.Inode(path)); // in place, not replaced

        writer.Write(Value(5));
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(2, reader.Version);
        Assert.Equal(Value(5), reader.ReadFresh());
    }

    [Fact]
    public void AV2FileIsReinitialisedAsV1WithoutShrinking()
    {
        string path = _dir.File("shm");
        File.WriteAllBytes(path, SegmentFile.ValidV2());

        using SegmentWriter writer = SegmentWriter.Open(path, 1);
        Assert.False(writer.IsWarmRestart);
        Assert.Equal(0, writer.Generation);
        writer.Write(Value(6, version: 1));

        Assert.Equal(80, new FileInfo(path).Length); // never shrunk: a reader may map all 80 bytes
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(1, reader.Version);
        Assert.Equal(Value(6, version: 1), reader.ReadFresh());
        Assert.Equal(72u, BitConverter.ToUInt32(File.ReadAllBytes(path), 8));
    }

    public static TheoryData<string, byte[]> NotASegment => new()
    {
        { "wrong magic", WithByte(SegmentFile.ValidV2(), 0, 0x4F) },
        { "second magic word wrong", WithByte(SegmentFile.ValidV2(), 6, 0x41) },
        { "declared size wrong", WithByte(SegmentFile.ValidV2(), 8, 72) },
        { "version 3", WithByte(SegmentFile.ValidV2(), 12, 3) },
        { "version 0", WithByte(SegmentFile.ValidV2(), 12, 0) },
        { "random garbage", Garbage(80) },
        { "three bytes", [1, 2, 3] },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(NotASegment))]
    public void AnythingButAValidSegmentOfTheVersionIsReinitialised(string what, byte[] contents)
    {
        string path = _dir.File("shm0");
        File.WriteAllBytes(path, contents);

        using SegmentWriter writer = SegmentWriter.Open(path, 2);
        Assert.False(writer.IsWarmRestart, what);
        Assert.Equal(0, writer.Generation);
        Assert.Equal(Math.Max(80, contents.Length), new FileInfo(path).Length);
        byte[] expected = new byte[80];
        SegmentCodec.WriteHeader(expected, 2, generation: 0);
        Assert.Equal(expected, File.ReadAllBytes(path)[..80]);

        writer.Write(Value(7));
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(Value(7), reader.ReadFresh());
    }

    [Fact]
    public void ALargerGarbageFileIsNeverShrunk()
    {
        string path = _dir.File("shm0");
        byte[] garbage = Garbage(4096);
        File.WriteAllBytes(path, garbage);

        using (SegmentWriter writer = SegmentWriter.Open(path, 2))
        {
            Assert.False(writer.IsWarmRestart);
            writer.Write(Value(8));
        }
        byte[] after = File.ReadAllBytes(path);
        Assert.Equal(4096, after.Length);
        Assert.Equal(garbage[80..], after[80..]); // beyond the segment: untouched
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(Value(8), reader.ReadFresh());
    }

    [Fact]
    public void ALargerValidSegmentIsReusedAndNeverShrunk()
    {
        string path = _dir.File("shm0");
        byte[] contents = new byte[8192];
        SegmentFile.ValidV2(generation: 10).CopyTo(contents, 0);
        File.WriteAllBytes(path, contents);

        using SegmentWriter writer = SegmentWriter.Open(path, 2);
        Assert.True(writer.IsWarmRestart);
        Assert.Equal(10, writer.Generation);
        writer.Write(Value(9));
        Assert.Equal(12, writer.Generation);
        Assert.Equal(8192, new FileInfo(path).Length);
    }

    [Theory]
    [InlineData(65532, 65534)]
    [InlineData(65534, 2)]   // the wrap: 65534 -> 65535 (odd) -> 2, never 0
    [InlineData(65535, 2)]   // a writer died at 65535 mid-update
    public void GenerationWrapsToTwoNeverZero(int stored, int expectedAfterWrite)
    {
        string path = _dir.File("shm0");
        using (SegmentWriter writer = SegmentWriter.Open(path, 2))
        {
            writer.Write(Value(1));
        }
        SegmentFile.PokeGeneration(path, (ushort)stored);

        using SegmentReader reader = SegmentReader.Open(path);
        using (SegmentWriter writer = SegmentWriter.Open(path, 2))
        {
            Assert.True(writer.IsWarmRestart);
            Assert.Equal(stored, writer.Generation);
            writer.Write(Value(2));
            Assert.Equal(expectedAfterWrite, writer.Generation);
            writer.Write(Value(3));
            Assert.Equal(expectedAfterWrite == 65534 ? 2 : expectedAfterWrite + 2, writer.Generation);
        }
        Assert.Equal(expectedAfterWrite == 65534 ? 2 : expectedAfterWrite + 2, SegmentFile.ReadGeneration(path));
        Assert.Equal(Value(3), reader.ReadFresh());
    }

    // The values are internal types, so the theory's data names them and InvalidValue builds them.
    public static TheoryData<int, string> InvalidValues => new()
    {
        { 2, "max drift 1e9" },
        { 1, "max drift 1e9" },
        { 2, "max drift uint.MaxValue" },
        { 2, "negative bound" },
        { 2, "status 4" },
        { 1, "status 4" },
        { 2, "status -1" },
        { 2, "negative as_of" },
        { 2, "negative void_after" },
    };

    private static ClockErrorBound InvalidValue(int version, string what) => what switch
    {
        "max drift 1e9" => Value(1, version) with { MaxDriftPpb = 1_000_000_000 },
        "max drift uint.MaxValue" => Value(1, version) with { MaxDriftPpb = uint.MaxValue },
        "negative bound" => Value(1, version) with { BoundNanoseconds = -1 },
        "status 4" => Value(1, version) with { Status = (ClockStatus)4 },
        "status -1" => Value(1, version) with { Status = (ClockStatus)(-1) },
        "negative as_of" => Value(1, version) with { AsOfNanoseconds = -1 },
        "negative void_after" => Value(1, version) with { VoidAfterNanoseconds = -5 },
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, "no such invalid value"),
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void AnInvalidValueIsRejectedAndTheSegmentIsUntouched(int version, string what)
    {
        ClockErrorBound invalid = InvalidValue(version, what);
        string path = _dir.File("seg");
        using SegmentWriter writer = SegmentWriter.Open(path, version);
        writer.Write(Value(1, version));
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => writer.Write(invalid));

        Assert.True(writer.Generation == 2, $"{what}: generation {writer.Generation}, expected 2 (never left odd)");
        Assert.Equal(before, File.ReadAllBytes(path));
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(Value(1, version), reader.ReadFresh());
        writer.Write(Value(2, version)); // and the writer still works
        Assert.Equal(4, writer.Generation);
    }

    [Fact]
    public void AnOddGenerationLeftByACrashedWriterIsCompletedByTheNextWrite()
    {
        string path = _dir.File("shm0");
        using (SegmentWriter writer = SegmentWriter.Open(path, 2))
        {
            writer.Write(Value(1));
        }
        // The crash: generation made odd, the body half rewritten (bound_nsec garbage).
        SegmentFile.PokeGeneration(path, 3);
        SegmentFile.Poke(path, 48, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);

        // A reader that never had a good snapshot: retries within its bound, then "not initialised".
        using SegmentReader reader = SegmentReader.Open(path);
        ClockBoundException e = Assert.Throws<ClockBoundException>(() => reader.ReadFresh());
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, e.Kind);

        using SegmentWriter restarted = SegmentWriter.Open(path, 2);
        Assert.True(restarted.IsWarmRestart);
        Assert.Equal(3, restarted.Generation);
        restarted.Write(Value(2));
        Assert.Equal(4, restarted.Generation);
        Assert.Equal(Value(2), reader.ReadFresh());
    }

    [Fact]
    public void ADirectoryAtThePathIsRefused()
    {
        string path = _dir.File("shm0");
        Directory.CreateDirectory(path);
        ClockBound.Interop.SystemCallException e = Assert.Throws<ClockBound.Interop.SystemCallException>(() => SegmentWriter.Open(path, 2));
        Assert.Equal("open", e.SystemCall);
        Assert.Equal(21, e.Errno); // EISDIR
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void WriteAfterDisposeThrows()
    {
        SegmentWriter writer = SegmentWriter.Open(_dir.File("shm0"), 2);
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Write(Value(1)));
    }

    [Fact]
    public void VersionOtherThanOneOrTwoIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentWriter.Open(_dir.File("a"), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentWriter.Open(_dir.File("b"), 3));
        Assert.False(File.Exists(_dir.File("a")));
    }

    private static byte[] WithByte(byte[] bytes, int offset, byte value)
    {
        bytes[offset] = value;
        return bytes;
    }

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(12345).NextBytes(bytes);
        return bytes;
    }
}
