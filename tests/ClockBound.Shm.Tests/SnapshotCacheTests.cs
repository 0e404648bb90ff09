using System.Diagnostics;
using ClockBound.Interop;
using Xunit.Abstractions;

namespace ClockBound.Shm.Tests;

/// <summary>The readers' shared snapshot cache (a seqlock in managed memory), on its own.</summary>
public sealed unsafe class SnapshotCacheTests(ITestOutputHelper output)
{
    // Every field derived from the key, so a mix of two entries is recognisable.
    private readonly record struct Entry(long A, long B, long C, long D)
    {
        public static Entry For(uint key) => new(key, key * 3L, ~(long)key, unchecked((long)(key * 0x9E3779B97F4A7C15UL)));
    }

    private SnapshotCache<Entry> _cache;

    [Fact]
    public void EmptyUntilPublishedAndAKeyOfZeroIsUsable()
    {
        Assert.False(_cache.TryGet(0, out _));
        Assert.False(_cache.TryGetAny(out _, out _));

        uint live = 0;
        Assert.True(_cache.Publish(&live, 0, Entry.For(0), order: 0));
        Assert.True(_cache.TryGet(0, out Entry hit));
        Assert.Equal(Entry.For(0), hit);
        Assert.False(_cache.TryGet(2, out _));
        Assert.True(_cache.TryGetAny(out Entry any, out uint key));
        Assert.Equal((Entry.For(0), 0u), (any, key));
    }

    [Fact]
    public void APublicationWhoseKeyIsNoLongerLiveIsDropped()
    {
        uint live = 4;
        Assert.False(_cache.Publish(&live, 2, Entry.For(2), order: 2)); // read under 2, but the page moved on
        Assert.False(_cache.TryGetAny(out _, out _));       // and an empty cache stays empty

        Assert.True(_cache.Publish(&live, 4, Entry.For(4), order: 4));
        live = 6;
        Assert.False(_cache.Publish(&live, 2, Entry.For(2), order: 2));
        Assert.True(_cache.TryGetAny(out Entry any, out uint key));
        Assert.Equal((Entry.For(4), 4u), (any, key));
    }

    [Fact]
    public void AKeyThatWrappedBackCannotBringAnOlderSnapshotBack()
    {
        // A thread copies the page under key 6 (order 100), stalls, and the writer makes a whole
        // cycle of updates: the key is 6 again, now with order 200, which another thread cached.
        uint live = 6;
        Assert.True(_cache.Publish(&live, 6, Entry.For(6), order: 200));
        Assert.False(_cache.Publish(&live, 6, Entry.For(7), order: 100));
        Assert.True(_cache.TryGet(6, out Entry hit));
        Assert.Equal(Entry.For(6), hit);

        // The same order (a daemon rewriting the status while as_of stands still) still replaces it.
        live = 8;
        Assert.True(_cache.Publish(&live, 8, Entry.For(8), order: 200));
        Assert.True(_cache.TryGetAny(out Entry any, out uint key));
        Assert.Equal((Entry.For(8), 8u), (any, key));
    }

    /// <summary>
    /// Threads publishing different keys as fast as they can while others read: a hit is always
    /// exactly the entry of the key asked for, and TryGetAny always a whole entry.
    /// </summary>
    [Fact]
    public void ReadersNeverSeeAMixOfTwoEntries()
    {
        // The "page": native memory, as a mapping would be, so every thread can hold its address.
        uint* live = (uint*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(sizeof(uint));
        bool stop = false;
        long publications = 0;
        Thread[] publishers = Enumerable.Range(0, 2).Select(p => new Thread(() =>
        {
            uint k = (uint)p;
            while (!Volatile.Read(ref stop))
            {
                k += 2;
                Volatile.Write(ref *live, k);
                if (_cache.Publish(live, k, Entry.For(k), order: 0)) // the tearing check needs no order
                {
                    Interlocked.Increment(ref publications);
                }
            }
        })).ToArray();
        foreach (Thread t in publishers)
        {
            t.Start();
        }

        long hits = 0, anys = 0, torn = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2) || (hits < 10_000 && clock.Elapsed < TimeSpan.FromSeconds(30)))
        {
            uint wanted = Volatile.Read(ref *live);
            if (_cache.TryGet(wanted, out Entry hit))
            {
                hits++;
                torn += hit == Entry.For(wanted) ? 0 : 1;
            }
            if (_cache.TryGetAny(out Entry any, out uint key))
            {
                anys++;
                torn += any == Entry.For(key) ? 0 : 1;
            }
        }
        Volatile.Write(ref stop, true);
        foreach (Thread t in publishers)
        {
            t.Join();
        }
        System.Runtime.InteropServices.NativeMemory.Free(live);

        output.WriteLine($"publications={publications} hits={hits} whole-entry reads={anys} torn={torn}");
        Assert.Equal(0, torn);
        Assert.True(hits >= 10_000, $"only {hits} hits");
        Assert.True(publications >= 10_000, $"only {publications} publications");
    }
}
