using ClockBound.Interop;

namespace ClockBound.VMClock.Tests;

/// <summary>VMClockReader on regular files with the vmclock layout (real mmap'd temp files).</summary>
public sealed class VMClockReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cb-vmclock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData(4096, 104u)]
    [InlineData(104, 104u)]
    [InlineData(4096, 4096u)]
    [InlineData(4096, 65536u)] // the hypervisor's region may be larger than the page that is mapped
    public void OpensAValidPageAndReadsItsFields(int fileLength, uint declaredSize)
    {
        string path = new VMClockPage { FileLength = fileLength, Size = declaredSize }.WriteTo(File("vmclock0"));
        using VMClockReader reader = VMClockReader.Open(path);
        Assert.Equal(path, reader.Path);
        Assert.Equal(new VMClockSnapshot(2, 0x1122334455667788, 0b0110_0000, 2), reader.Read());
    }

    [Fact]
    public void LayoutConstantsMatchTheAbi()
    {
        Assert.Equal(0x4B4C4356u, VMClockLayout.Magic);
        Assert.Equal("VCLK"u8.ToArray(), BitConverter.GetBytes(VMClockLayout.Magic));
        Assert.Equal(1, VMClockLayout.Version);
        Assert.Equal(104, VMClockLayout.MinimumSize);
        Assert.Equal(12, VMClockLayout.SeqCountOffset);
        Assert.Equal(16, VMClockLayout.DisruptionMarkerOffset);
        Assert.Equal(24, VMClockLayout.FlagsOffset);
        Assert.Equal(34, VMClockLayout.ClockStatusOffset);
        Assert.Equal(96, VMClockLayout.TimeMaxErrorOffset);
        Assert.Equal("/dev/vmclock0", VMClockLayout.DefaultPath);
    }

    [Fact]
    public void WrongMagic()
    {
        string path = new VMClockPage { Magic = 0x4B4C4357 }.WriteTo(File("vmclock0"));
        VMClockException e = Assert.Throws<VMClockException>(() => VMClockReader.Open(path));
        Assert.Contains("magic 0x4B4C4357", e.Message);
        Assert.Contains("expected 0x4B4C4356", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void WrongVersion(ushort version)
    {
        string path = new VMClockPage { Version = version }.WriteTo(File("vmclock0"));
        VMClockException e = Assert.Throws<VMClockException>(() => VMClockReader.Open(path));
        Assert.Contains($"ABI version {version}", e.Message);
        Assert.Contains("only version 1", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(103)]
    public void FileTooSmall(int length)
    {
        string path = new VMClockPage { FileLength = length }.WriteTo(File("vmclock0"));
        VMClockException e = Assert.Throws<VMClockException>(() => VMClockReader.Open(path));
        Assert.Contains($"is {length} bytes", e.Message);
        Assert.Contains("104", e.Message);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(103u)]
    public void DeclaredStructureTooSmall(uint size)
    {
        string path = new VMClockPage { Size = size }.WriteTo(File("vmclock0"));
        VMClockException e = Assert.Throws<VMClockException>(() => VMClockReader.Open(path));
        Assert.Contains($"declares a {size}-byte structure", e.Message);
    }

    [Fact]
    public void MissingPath()
    {
        string path = File("absent");
        VMClockException e = Assert.Throws<VMClockException>(() => VMClockReader.Open(path));
        SystemCallException inner = Assert.IsType<SystemCallException>(e.InnerException);
        Assert.Equal("open", inner.SystemCall);
        Assert.Equal(2, inner.Errno);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ADirectory()
    {
        VMClockException e = Assert.Throws<VMClockException>(() => VMClockReader.Open(_dir));
        SystemCallException inner = Assert.IsType<SystemCallException>(e.InnerException);
        Assert.Equal("mmap", inner.SystemCall);
        Assert.Equal(19, inner.Errno); // ENODEV
    }

    [Fact]
    public void ACharacterDeviceThatIsNotAVMClock()
    {
        // /dev/zero maps one page of zeros: it is opened like the real device, then fails the magic check.
        VMClockException e = Assert.Throws<VMClockException>(() => VMClockReader.Open("/dev/zero"));
        Assert.Contains("magic 0x00000000", e.Message);
    }

    [Fact]
    public void AChangedSeqCountGivesTheNewMarker()
    {
        string path = new VMClockPage().WriteTo(File("vmclock0"));
        using VMClockReader reader = VMClockReader.Open(path);
        Assert.Equal(0x1122334455667788UL, reader.Read().DisruptionMarker);

        // A live migration: the hypervisor bumps seq_count (odd, then even) and the marker.
        VMClockPage.PokeSeqCount(path, 3);
        VMClockPage.PokeMarker(path, 42);
        VMClockPage.PokeSeqCount(path, 4);
        VMClockSnapshot after = reader.Read();
        Assert.Equal(4u, after.SeqCount);
        Assert.Equal(42UL, after.DisruptionMarker);
    }

    [Fact]
    public void EveryReadCopiesThePage()
    {
        // No cache: a client reads the page on every reading, so nothing can be stale. Even a
        // marker changed behind the seqlock's back (seq_count unchanged) is seen by the next read.
        string path = new VMClockPage().WriteTo(File("vmclock0"));
        using VMClockReader reader = VMClockReader.Open(path);
        VMClockSnapshot first = reader.Read();
        VMClockPage.PokeMarker(path, 99);
        Assert.Equal(first with { DisruptionMarker = 99 }, reader.Read());
        Assert.True(reader.TryRead(out VMClockSnapshot again));
        Assert.Equal(99UL, again.DisruptionMarker);
    }

    [Fact]
    public void AnOddSeqCountFailsEvenWithAnEarlierSnapshot()
    {
        string path = new VMClockPage().WriteTo(File("vmclock0"));
        using VMClockReader reader = VMClockReader.Open(path);
        VMClockSnapshot good = reader.Read();

        // The hypervisor is mid-update (or stuck): the marker may be what it is changing, so the
        // earlier snapshot is no answer.
        VMClockPage.PokeSeqCount(path, 5);
        VMClockPage.PokeMarker(path, 7);
        VMClockException e = Assert.Throws<VMClockException>(() => reader.Read());
        Assert.Contains("seq_count stayed odd", e.Message);

        VMClockPage.PokeSeqCount(path, 6);
        Assert.Equal(new VMClockSnapshot(6, 7, good.Flags, good.ClockStatus), reader.Read());
    }

    [Fact]
    public void AnOddSeqCountWithNoSnapshotFailsAfterBoundedRetries()
    {
        string path = new VMClockPage { SeqCount = 9 }.WriteTo(File("vmclock0"));
        using VMClockReader reader = VMClockReader.Open(path);
        VMClockException e = Assert.Throws<VMClockException>(() => reader.Read());
        Assert.Contains($"seq_count stayed odd or kept changing for {VMClockReader.MaxAttempts} attempts", e.Message);

        VMClockPage.PokeSeqCount(path, 10);
        Assert.Equal(10u, reader.Read().SeqCount);
    }

    [Fact]
    public void SeqCountZeroIsAValidEvenCount()
    {
        string path = new VMClockPage { SeqCount = 0 }.WriteTo(File("vmclock0"));
        using VMClockReader reader = VMClockReader.Open(path);
        Assert.Equal(new VMClockSnapshot(0, 0x1122334455667788, 0b0110_0000, 2), reader.Read());
    }

    [Fact]
    public void ReadsFromAnotherThreadSeeTheSamePage()
    {
        string path = new VMClockPage().WriteTo(File("vmclock0"));
        using VMClockReader reader = VMClockReader.Open(path);
        reader.Read();
        VMClockPage.PokeMarker(path, 1234);

        ulong otherMarker = 0;
        var other = new Thread(() => otherMarker = reader.Read().DisruptionMarker);
        other.Start();
        other.Join();
        Assert.Equal(1234UL, otherMarker);
        Assert.Equal(1234UL, reader.Read().DisruptionMarker);
    }

    [Fact]
    public void ReadAfterDisposeThrows()
    {
        string path = new VMClockPage().WriteTo(File("vmclock0"));
        VMClockReader reader = VMClockReader.Open(path);
        reader.Read();
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.Read());
        reader.Dispose();
    }

    [Fact]
    public void ReadsRacingWithDisposeNeverReturnZeros()
    {
        string path = new VMClockPage().WriteTo(File("vmclock0"));
        for (int round = 0; round < 20; round++)
        {
            VMClockReader reader = VMClockReader.Open(path);
            var page = new VMClockPage();
            long disposed = 0;
            Exception? unexpected = DisposeRace.Run(reader, spinIterations: 1 << (round % 14), () =>
            {
                try
                {
                    // The first call copies; later ones check seq_count and reuse it, until the
                    // Dispose: then the zero page's seq_count 0 differs and would be copied.
                    VMClockSnapshot s = reader.Read();
                    if (s.DisruptionMarker != page.DisruptionMarker || s.SeqCount != 2)
                    {
                        throw new InvalidOperationException($"made-up snapshot {s}");
                    }
                }
                catch (ObjectDisposedException)
                {
                    disposed++;
                }
                return disposed < 100;
            });
            Assert.Null(unexpected);
        }
    }
}
