using System.Diagnostics;
using ClockBound.Shm.TestHost;
using Xunit.Abstractions;

namespace ClockBound.Shm.Tests;

/// <summary>
/// The hot path, Read (the cache, refreshed at most once per interval), from several threads sharing one reader while a writer keeps
/// publishing: every snapshot is exactly one published value, no thread ever goes back in time,
/// and both the cache and the fresh copy are exercised. The writer sleeps about a millisecond
/// between updates (never catching up in a burst on a loaded machine, which readers would not see)
/// and stops before the u16 generation could wrap.
/// </summary>
[Collection(StressCollection.Name)]
public sealed class SharedCacheStressTests(ITestOutputHelper output) : IDisposable
{
    private const int MaxWrites = 30_000; // generation 2 × 30 000 < 65 536: no wrap (and > 30 s of updates)

    // Small, so a loaded machine reaches it (the readers keep going until then, within 30 s).
    private const int MinimumChanges = 50;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void ThreadsSharingTheCacheSeeWholeValuesInOrder(int version)
    {
        string path = _dir.File("seg");
        using SegmentWriter writer = SegmentWriter.Open(path, version);
        writer.Write(StressValue.For(1, version));
        using SegmentReader reader = SegmentReader.Open(path);
        bool stop = false;
        long lastK = 1;
        var writerThread = new Thread(() =>
        {
            for (long k = 2; k <= MaxWrites && !Volatile.Read(ref stop); k++)
            {
                Thread.Sleep(1);
                writer.Write(StressValue.For(k, version));
                lastK = k;
            }
        });
        writerThread.Start();

        var results = new (long Reads, long Inconsistent, long Regressions, long Changes, long Errors)[3];
        Thread[] readers = Enumerable.Range(0, results.Length).Select(i => new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            long previousK = 0;
            var r = results[i];
            while (clock.Elapsed < TimeSpan.FromSeconds(2) || (r.Changes < MinimumChanges && clock.Elapsed < TimeSpan.FromSeconds(30)))
            {
                ClockErrorBound value;
                try
                {
                    value = reader.Read();
                }
                catch (ClockBoundException)
                {
                    r.Errors++;
                    continue;
                }
                r.Reads++;
                if (!StressValue.IsConsistent(value, version, out long k))
                {
                    r.Inconsistent++;
                }
                else if (k < previousK)
                {
                    r.Regressions++;
                }
                else if (k != previousK)
                {
                    r.Changes++;
                    previousK = k;
                }
            }
            results[i] = r;
        })).ToArray();
        foreach (Thread t in readers)
        {
            t.Start();
        }
        foreach (Thread t in readers)
        {
            t.Join();
        }
        Volatile.Write(ref stop, true);
        writerThread.Join();

        foreach (var r in results)
        {
            output.WriteLine($"v{version} reader: {r}");
            Assert.Equal(0, r.Inconsistent);
            Assert.Equal(0, r.Regressions);
            Assert.Equal(0, r.Errors);
            Assert.True(r.Changes >= MinimumChanges, $"only {r.Changes} changes seen");
        }
        // Both paths ran: reads served from the cache, and refreshes (each one copy, at most one per interval).
        long reads = results.Sum(r => r.Reads);
        output.WriteLine($"refreshes={reader.Refreshes} of {reads} reads");
        Assert.InRange(reader.Refreshes, 1, reads - 1);
        output.WriteLine($"writes={lastK}");
    }
}
