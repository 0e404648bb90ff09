using System.Diagnostics;
using ClockBound.Interop;
using ClockBound.Shm.TestHost;
using Xunit.Abstractions;

namespace ClockBound.Shm.Tests;

/// <summary>
/// A writer publishing every 20 µs (StressLoops) and readers calling ReadFresh (the full seqlock path)
/// concurrently: every snapshot must be exactly one published value (StressValue), and a reader
/// must never go back in time. Run in threads of one process and across processes. Each reader
/// runs about two seconds (CI has two cores), longer only on a loaded machine where it takes more
/// time to see enough reads and value changes (StressLoops).
/// </summary>
[Collection(StressCollection.Name)]
public sealed class TornReadStressTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void ReaderThreadsNeverSeeATornSnapshot(int version)
    {
        string path = _dir.File("seg");
        using SegmentWriter writer = SegmentWriter.Open(path, version);
        using SegmentReader reader = SegmentReader.Open(path);
        using var firstWrite = new ManualResetEventSlim();
        bool stop = false;

        long lastK = 0;
        var writerThread = new Thread(() => lastK = StressLoops.Write(writer, () => Volatile.Read(ref stop), firstWrite.Set));
        writerThread.Start();
        Assert.True(firstWrite.Wait(TimeSpan.FromSeconds(30)), "writer never wrote");

        var results = new StressCounts[2];
        Thread[] readers = Enumerable.Range(0, results.Length)
            .Select(i => new Thread(() => results[i] = StressLoops.Read(reader, version)))
            .ToArray();
        var clock = Stopwatch.StartNew();
        foreach (Thread thread in readers)
        {
            thread.Start();
        }
        foreach (Thread thread in readers)
        {
            thread.Join();
        }
        Volatile.Write(ref stop, true);
        writerThread.Join();

        var total = new StressCounts();
        foreach (StressCounts counts in results)
        {
            output.WriteLine($"reader thread: {counts}");
            AssertSound(counts);
            total.Add(counts);
        }
        output.WriteLine($"v{version}, {results.Length} reader threads, {clock.Elapsed.TotalSeconds:F1} s: writes={lastK} total {total}");
        Assert.Equal(lastK, StressValue.IsConsistent(reader.ReadFresh(), version, out long final) ? final : -1);
    }

    [Fact]
    public void AReaderSeesNoTornSnapshotFromAWriterProcess()
    {
        string path = _dir.File("shm0");
        using TestHostProcess writerProcess = TestHostProcess.Start(unprivileged: false, "write", path, "2");
        writerProcess.WaitForLine(line => line == "ready", ProcessTimeout);

        using SegmentReader reader = SegmentReader.Open(path);
        var clock = Stopwatch.StartNew();
        StressCounts counts = StressLoops.Read(reader, 2);
        TimeSpan took = clock.Elapsed;
        writerProcess.CloseInput();
        string writes = writerProcess.WaitForExit(ProcessTimeout).Single(line => line.StartsWith("writes=", StringComparison.Ordinal));

        output.WriteLine($"writer process: {writes}; reader thread, {took.TotalSeconds:F1} s: {counts}");
        AssertSound(counts);
    }

    [Fact]
    public void AReaderProcessSeesNoTornSnapshotFromThisWriter()
    {
        string path = _dir.File("shm");
        using SegmentWriter writer = SegmentWriter.Open(path, 1);
        writer.Write(StressValue.For(1, 1)); // so the reader process can open it
        bool stop = false;
        long lastK = 0;
        var writerThread = new Thread(() => lastK = StressLoops.Write(writer, () => Volatile.Read(ref stop)));
        writerThread.Start();
        IReadOnlyList<string> lines;
        var clock = Stopwatch.StartNew();
        try
        {
            lines = TestHostProcess.Run(unprivileged: false, ProcessTimeout, "read", path, "1");
        }
        finally
        {
            Volatile.Write(ref stop, true);
            writerThread.Join();
        }

        StressCounts counts = StressCounts.Parse(Assert.Single(lines));
        output.WriteLine($"writer thread: writes={lastK}; reader process, {clock.Elapsed.TotalSeconds:F1} s with start-up: {counts}");
        AssertSound(counts);
    }

    /// <summary>
    /// The control: the same check applied to plain copies of the mapping, without the seqlock,
    /// does find torn snapshots. This is what proves that the tests above could fail.
    /// </summary>
    [Fact]
    public void WithoutTheSeqlockTheSameCheckFindsTornSnapshots()
    {
        string path = _dir.File("shm0");
        using SegmentWriter writer = SegmentWriter.Open(path, 2);
        using var firstWrite = new ManualResetEventSlim();
        bool stop = false;
        var writerThread = new Thread(() => StressLoops.Write(writer, () => Volatile.Read(ref stop), firstWrite.Set));
        writerThread.Start();
        Assert.True(firstWrite.Wait(TimeSpan.FromSeconds(30)));

        long copies = 0, torn = 0;
        using (MappedFile mapping = MappedFile.MapReadOnly(path))
        {
            Span<byte> copy = stackalloc byte[SegmentLayout.SizeV2];
            var clock = Stopwatch.StartNew();
            while (torn < 1_000 && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                unsafe
                {
                    new ReadOnlySpan<byte>(mapping.Pointer, SegmentLayout.SizeV2).CopyTo(copy);
                }
                copies++;
                if (!SegmentCodec.TryDecodeBody(copy, 2, out ClockErrorBound value, out _) || !StressValue.IsConsistent(value, 2, out _))
                {
                    torn++;
                }
            }
        }
        Volatile.Write(ref stop, true);
        writerThread.Join();

        output.WriteLine($"unprotected copies={copies} torn={torn}");
        Assert.True(torn > 0, $"no torn copy in {copies} unprotected copies: the invariant could not detect tearing");
    }

    private static void AssertSound(StressCounts counts)
    {
        Assert.Equal(0, counts.Inconsistent);
        Assert.Equal(0, counts.Regressions);
        Assert.Equal(0, counts.Errors);
        // Enough reads, and values really changing under the readers, for the result to mean
        // something (the readers keep going until they have them, within StressLoops.MaximumDuration).
        Assert.True(counts.Reads >= StressLoops.MinimumReads, $"only {counts.Reads} reads");
        Assert.True(counts.Changes >= StressLoops.MinimumChanges, $"only {counts.Changes} changes seen");
    }
}
