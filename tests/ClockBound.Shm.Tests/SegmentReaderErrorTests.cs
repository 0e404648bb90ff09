using System.Buffers.Binary;

namespace ClockBound.Shm.Tests;

/// <summary>
/// Every kind of bad segment file gives its named error (kind, and errno + call for system calls),
/// never a crash (a SIGBUS or SIGSEGV would kill the test host) and never a made-up value.
/// </summary>
public sealed class SegmentReaderErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Opens and reads the file the ways a client can; all must fail the same way.</summary>
    private static ClockBoundException ReadFails(string path)
    {
        ClockBoundException first = Assert.Throws<ClockBoundException>(() =>
        {
            using SegmentReader reader = SegmentReader.Open(path);
            reader.ReadFresh();
        });
        ClockBoundException cached = Assert.Throws<ClockBoundException>(() =>
        {
            using SegmentReader reader = SegmentReader.Open(path);
            reader.Read();
        });
        Assert.Equal(first.Kind, cached.Kind);
        Assert.Contains(path, first.Message);
        return first;
    }

    private ClockBoundException ReadFails(byte[] contents)
    {
        string path = _dir.File("seg");
        File.WriteAllBytes(path, contents);
        return ReadFails(path);
    }

    private static byte[] V2With(Action<byte[]> edit)
    {
        byte[] bytes = SegmentFile.ValidV2();
        edit(bytes);
        return bytes;
    }

    private static byte[] V1With(Action<byte[]> edit)
    {
        byte[] bytes = SegmentFile.ValidV1();
        edit(bytes);
        return bytes;
    }

    [Fact]
    public void TheUneditedFilesAreValid()
    {
        // The baseline every case below edits: proves each failure comes from its one edit.
        foreach ((byte[] bytes, int version) in new[] { (SegmentFile.ValidV2(), 2), (SegmentFile.ValidV1(), 1) })
        {
            string path = _dir.File($"v{version}");
            File.WriteAllBytes(path, bytes);
            using SegmentReader reader = SegmentReader.Open(path);
            Assert.Equal(SegmentFile.ValidValue(version), reader.ReadFresh());
        }
    }

    [Fact]
    public void MissingFile()
    {
        ClockBoundException e = ReadFails(_dir.File("absent"));
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, e.Kind);
        Assert.Equal("open", e.SystemCall);
        Assert.Equal(2, e.Errno); // ENOENT
    }

    [Fact]
    public void MissingDirectory()
    {
        ClockBoundException e = ReadFails(Path.Combine(_dir.Path, "no", "such", "shm0"));
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, e.Kind);
        Assert.Equal("open", e.SystemCall);
        Assert.Equal(2, e.Errno);
    }

    [Fact]
    public void EmptyFile()
    {
        ClockBoundException e = ReadFails([]);
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, e.Kind);
        Assert.Null(e.Errno);
        Assert.Null(e.SystemCall);
    }

    [Fact]
    public void ShorterThanAHeader()
    {
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, ReadFails(SegmentFile.ValidV2()[..10]).Kind);
    }

    [Theory]
    [InlineData(2, 16)]
    [InlineData(2, 40)]
    [InlineData(2, 79)]
    [InlineData(1, 40)]
    [InlineData(1, 71)]
    public void TruncatedFileWithAValidHeader(int version, int length)
    {
        byte[] bytes = (version == 2 ? SegmentFile.ValidV2() : SegmentFile.ValidV1())[..length];
        ClockBoundException e = ReadFails(bytes);
        Assert.Equal(ClockBoundErrorKind.SegmentMalformed, e.Kind);
        Assert.Contains($"declares {SegmentLayout.SizeOf(version)} bytes", e.Message);
    }

    [Fact]
    public void DeclaredSizeLargerThanTheFileAndTheVersion()
    {
        ClockBoundException e = ReadFails(V2With(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), 4096)));
        Assert.Equal(ClockBoundErrorKind.SegmentMalformed, e.Kind);
        Assert.Contains("4096", e.Message);
    }

    [Fact]
    public void DeclaredSizeOfTheOtherVersion()
    {
        // A v1 header claiming v2's 80 bytes in an 80-byte file: the size must match the version.
        ClockBoundException e = ReadFails(V2With(b => b[12] = 1));
        Assert.Equal(ClockBoundErrorKind.SegmentMalformed, e.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void WrongMagic(int offset)
    {
        ClockBoundException e = ReadFails(V2With(b => b[offset] ^= 0x01));
        Assert.Equal(ClockBoundErrorKind.SegmentMalformed, e.Kind);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void BigEndianMagic()
    {
        // The magic as some prose renders it: not what is in a little-endian file.
        ClockBoundException e = ReadFails(V2With(b => new byte[] { 0x41, 0x4D, 0x5A, 0x4E, 0x43, 0x42, 0x02, 0x00 }.CopyTo(b, 0)));
        Assert.Equal(ClockBoundErrorKind.SegmentMalformed, e.Kind);
    }

    [Fact]
    public void AllZeroFile()
    {
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, ReadFails(new byte[80]).Kind);
    }

    [Fact]
    public void VersionZero()
    {
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, ReadFails(V2With(b => b[12] = 0)).Kind);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0xFFFF)]
    public void UnsupportedVersion(int version)
    {
        ClockBoundException e = ReadFails(V2With(b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(12), (ushort)version)));
        Assert.Equal(ClockBoundErrorKind.SegmentVersionNotSupported, e.Kind);
        Assert.Contains($"version {version}", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GenerationZero(int version)
    {
        byte[] bytes = version == 2 ? SegmentFile.ValidV2(generation: 0) : SegmentFile.ValidV1(generation: 0);
        ClockBoundException e = ReadFails(bytes);
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, e.Kind);
    }

    [Fact]
    public void OddGenerationWithNoEarlierSnapshot()
    {
        ClockBoundException e = ReadFails(SegmentFile.ValidV2(generation: 7));
        Assert.Equal(ClockBoundErrorKind.SegmentNotInitialized, e.Kind);
        Assert.Contains("odd", e.Message);
    }

    public static TheoryData<string, byte[]> MalformedBodies => new()
    {
        { "v2 max_drift 1e9", V2With(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(64), 1_000_000_000)) },
        { "v2 max_drift u32 max", V2With(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(64), uint.MaxValue)) },
        { "v1 max_drift 1e9", V1With(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(56), 1_000_000_000)) },
        { "v2 status 4", V2With(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(68), 4)) },
        { "v2 status -1", V2With(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(68), -1)) },
        { "v1 status 3 (Disrupted does not exist in v1)", V1With(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(64), 3)) },
        { "v1 status -7", V1With(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(64), -7)) },
        { "v2 negative bound", V2With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(48), -1)) },
        { "v1 negative bound", V1With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(48), long.MinValue)) },
        { "v2 as_of.tv_nsec 1e9", V2With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24), 1_000_000_000)) },
        { "v2 as_of.tv_nsec -1", V2With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24), -1)) },
        { "v2 void_after.tv_nsec 1e9", V2With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(40), 1_000_000_000)) },
        { "v1 as_of.tv_nsec 1e9", V1With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24), 1_000_000_000)) },
        { "v1 void_after.tv_nsec -1", V1With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(40), -1)) },
        { "v2 negative as_of.tv_sec", V2With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), -1)) },
        { "v2 as_of overflowing 64-bit ns", V2With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), long.MaxValue)) },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void MalformedBody(string what, byte[] bytes)
    {
        ClockBoundException e = ReadFails(bytes);
        Assert.True(e.Kind == ClockBoundErrorKind.SegmentMalformed, $"{what}: {e.Kind}: {e.Message}");
        Assert.Null(e.Errno);
    }

    public static TheoryData<string, byte[]> BoundaryBodies => new()
    {
        { "v2 max_drift 999 999 999", V2With(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(64), 999_999_999)) },
        { "v2 status 3", V2With(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(68), 3)) },
        { "v1 status 2", V1With(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(64), 2)) },
        { "v2 bound 0", V2With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(48), 0)) },
        { "v2 as_of.tv_nsec 999 999 999", V2With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24), 999_999_999)) },
        { "v1 void_after.tv_nsec 0", V1With(b => BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(40), 0)) },
    };

    [Theory]
    [MemberData(nameof(BoundaryBodies))]
    public void BoundaryValuesAreAccepted(string what, byte[] bytes)
    {
        string path = _dir.File("seg");
        File.WriteAllBytes(path, bytes);
        using SegmentReader reader = SegmentReader.Open(path);
        Exception? error = Record.Exception(() => reader.ReadFresh());
        Assert.True(error is null, $"{what}: {error}");
    }

    [Fact]
    public void ADirectory()
    {
        // open(O_RDONLY) succeeds on a directory; it is not a regular file: ENODEV, as for every non-file.
        ClockBoundException e = ReadFails(_dir.Path);
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, e.Kind);
        Assert.Equal("open", e.SystemCall);
        Assert.Equal(19, e.Errno); // ENODEV
    }

    [Fact]
    public async Task AFifoIsRejectedWithoutHanging()
    {
        string path = _dir.File("fifo");
        SegmentFile.Run("mkfifo", path);
        // Opening a FIFO for reading blocks until a writer appears, unless opened non-blocking.
        Task<ClockBoundException> attempt = Task.Run(() => ReadFails(path));
        Task finished = await Task.WhenAny(attempt, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(finished == attempt, "opening a FIFO hung");
        ClockBoundException e = await attempt;
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, e.Kind);
        Assert.Equal("open", e.SystemCall);
        Assert.Equal(19, e.Errno);
    }

    [Fact]
    public void ACharacterDeviceThatIsNotASegment()
    {
        // /dev/null can be opened but is no segment file: an error, not an empty success.
        ClockBoundException e = Assert.Throws<ClockBoundException>(() =>
        {
            using SegmentReader reader = SegmentReader.Open("/dev/null");
            reader.ReadFresh();
        });
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, e.Kind);
        Assert.Equal("open", e.SystemCall);
        Assert.Equal(19, e.Errno);
    }

    [Fact]
    public void NoReadPermissionAsAnUnprivilegedUser()
    {
        // Root bypasses file permissions, so the open must happen in a process running as nobody.
        // The directory must be traversable by nobody, so the refusal comes from the file alone.
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)0b111_101_101); // 0755
        string secret = _dir.File("secret"), readable = _dir.File("readable");
        File.WriteAllBytes(secret, SegmentFile.ValidV2());
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite); // 0600, owned by root
        File.WriteAllBytes(readable, SegmentFile.ValidV2());
        File.SetUnixFileMode(readable, (UnixFileMode)0b110_100_100); // 0644

        IReadOnlyList<string> denied = TestHostProcess.Run(unprivileged: true, TimeSpan.FromSeconds(60), "open", secret);
        IReadOnlyList<string> allowed = TestHostProcess.Run(unprivileged: true, TimeSpan.FromSeconds(60), "open", readable);

        Assert.Equal([$"uid={TestHostProcess.NobodyId}", "error SystemCallFailed open 13"], denied); // EACCES
        Assert.Equal([$"uid={TestHostProcess.NobodyId}", "ok"], allowed);
    }
}
