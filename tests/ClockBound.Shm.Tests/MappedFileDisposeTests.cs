using ClockBound.Interop;

namespace ClockBound.Shm.Tests;

/// <summary>
/// Disposing a mapping while another thread still uses it must not crash the process: the range
/// is replaced by zeros, so racing reads see zeros or a "not initialised" error, racing writes are lost.
/// </summary>
/// <remarks>
/// Alone (<see cref="StressCollection"/>): it reopens its segment 50 times, and a test host that
/// another class forks in between inherits the lock's descriptor until it execs, so the next open
/// would see the lock held by "another process".
/// </remarks>
[Collection(StressCollection.Name)]
public sealed unsafe class MappedFileDisposeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadsRacingWithDisposeSeeTheFileOrZeros()
    {
        string path = _dir.File("data");
        File.WriteAllBytes(path, Enumerable.Repeat((byte)0xAB, 4096).ToArray());
        MappedFile mapping = MappedFile.MapReadOnly(path);
        Assert.Equal(4096, mapping.Length);
        Assert.False(mapping.IsWritable);
        byte* p = mapping.Pointer;

        using var sawTheFile = new ManualResetEventSlim();
        long beforeZero = 0, zeros = 0, other = 0;
        var reader = new Thread(() =>
        {
            while (zeros < 1_000_000)
            {
                byte b = Volatile.Read(ref p[(int)(beforeZero + zeros) % 4096]);
                if (b == 0xAB && zeros == 0)
                {
                    if (++beforeZero == 1_000)
                    {
                        sawTheFile.Set(); // the handshake: Dispose comes only after the file was read
                    }
                }
                else if (b == 0)
                {
                    zeros++;
                }
                else
                {
                    other++;
                    return;
                }
            }
        });
        reader.Start();
        sawTheFile.Wait();
        mapping.Dispose();
        reader.Join();

        Assert.True(beforeZero > 0, "the reader never saw the file's bytes");
        Assert.Equal(0, other); // never the file's bytes again once zeros were seen, nothing else
        Assert.Equal(1_000_000, zeros);
        Assert.Equal(0, p[0]); // the address stays readable after Dispose
        mapping.Dispose();     // and disposing twice is harmless
        Assert.Equal(0xAB, File.ReadAllBytes(path)[0]); // the file itself is untouched
    }

    [Fact]
    public void SegmentReadsRacingWithDisposeFailCleanlyOrReturnTheRealValue()
    {
        string path = _dir.File("shm0");
        using SegmentWriter writer = SegmentWriter.Open(path, 2);
        ClockErrorBound value = SegmentFile.ValidValue(2);
        writer.Write(value);

        for (int round = 0; round < 20; round++)
        {
            SegmentReader reader = SegmentReader.Open(path);
            long i = 0, notInitialised = 0, disposed = 0;
            // Until well after the Dispose: errors are slow (exceptions), so stop after enough of them.
            Exception? unexpected = DisposeRace.Run(reader, spinIterations: 1 << (round % 16), () =>
            {
                try
                {
                    ClockErrorBound read = (i & 1) == 0 ? reader.ReadFresh() : reader.Read();
                    if (read != value)
                    {
                        throw new InvalidOperationException($"made-up value {read}");
                    }
                }
                catch (ClockBoundException e) when (e.Kind == ClockBoundErrorKind.SegmentNotInitialized)
                {
                    notInitialised++;
                }
                catch (ObjectDisposedException)
                {
                    disposed++;
                }
                return ++i < 200_000 && notInitialised + disposed < 2_000;
            });
            Assert.Null(unexpected);
            Assert.True(notInitialised + disposed > 0, "the reads never saw the Dispose");
        }
    }

    [Fact]
    public void WritesRacingWithDisposeDoNotCrash()
    {
        // Before the fix, a Write past its disposed check stored into a read-only zero page: SIGSEGV.
        string path = _dir.File("shm0");
        for (int round = 0; round < 50; round++)
        {
            SegmentWriter writer = SegmentWriter.Open(path, 2);
            using var started = new ManualResetEventSlim();
            long writes = 0;
            Exception? unexpected = null;
            var thread = new Thread(() =>
            {
                started.Set();
                try
                {
                    while (true)
                    {
                        writer.Write(SegmentFile.ValidValue(2) with { BoundNanoseconds = writes });
                        writes++;
                    }
                }
                catch (ObjectDisposedException)
                {
                }
                catch (Exception e)
                {
                    unexpected = e;
                }
            });
            thread.Start();
            started.Wait();
            Thread.SpinWait(1 << (round % 12));
            writer.Dispose();
            thread.Join();
            Assert.Null(unexpected);
        }

        // The file is still a valid segment (its last complete write, or an odd generation that
        // the next writer completes).
        using SegmentWriter last = SegmentWriter.Open(path, 2);
        Assert.True(last.IsWarmRestart);
        last.Write(SegmentFile.ValidValue(2));
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(SegmentFile.ValidValue(2), reader.ReadFresh());
    }

    [Fact]
    public void AnEmptyFileMapsToAnEmptyMapping()
    {
        string path = _dir.File("empty");
        File.WriteAllBytes(path, []);
        using MappedFile mapping = MappedFile.MapReadOnly(path);
        Assert.Equal(0, mapping.Length);
        Assert.True(mapping.Pointer == null);
    }
}
