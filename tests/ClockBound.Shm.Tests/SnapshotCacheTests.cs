namespace ClockBound.Shm.Tests;

/// <summary>The managed seqlock the reader shares its last copy through.</summary>
public sealed class SnapshotCacheTests
{
    private struct Entry
    {
        public long A, B, C, D, E, F, G, H;

        public static Entry Of(long k) => new() { A = k, B = k, C = k, D = k, E = k, F = k, G = k, H = k };

        public readonly bool IsWhole => A == B && B == C && C == D && D == E && E == F && F == G && G == H;
    }

    private SnapshotCache<Entry> _cache;

    [Fact]
    public void EmptyUntilPublished()
    {
        Assert.False(_cache.TryGet(out _, out _));
        _cache.Publish(Entry.Of(0), 10);
        Assert.True(_cache.TryGet(out Entry value, out long stamp));
        Assert.Equal(0, value.A);
        Assert.Equal(10, stamp);
        _cache.Publish(Entry.Of(5), 50);
        Assert.True(_cache.TryGet(out value, out stamp));
        Assert.Equal(5, value.H);
        Assert.Equal(50, stamp);
    }

    [Fact]
    public void ReadersNeverSeeAMixOfTwoEntries()
    {
        _cache.Publish(Entry.Of(1), 1);
        bool stop = false;
        long published = 1;
        var writer = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                _cache.Publish(Entry.Of(++published), published);
            }
        });
        writer.Start();
        long hits = 0, misses = 0, torn = 0, regressions = 0, last = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Count what happened; require only a small minimum of hits (a loaded machine may give few).
        while (clock.Elapsed < TimeSpan.FromSeconds(0.5) || (hits < 1_000 && clock.Elapsed < TimeSpan.FromSeconds(30)))
        {
            if (!_cache.TryGet(out Entry value, out long stamp))
            {
                misses++;
                continue;
            }
            hits++;
            torn += value.IsWhole && stamp == value.A ? 0 : 1;
            regressions += value.A < last ? 1 : 0;
            last = value.A;
        }
        Volatile.Write(ref stop, true);
        writer.Join();
        Assert.Equal(0, torn);
        Assert.Equal(0, regressions);
        Assert.True(hits >= 1_000, $"only {hits} hits ({misses} misses)");
    }
}
