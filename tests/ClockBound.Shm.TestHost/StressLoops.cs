using System.Diagnostics;

namespace ClockBound.Shm.TestHost;

/// <summary>The writer and reader loops of the torn-read stress test, shared by threads and processes.</summary>
internal static class StressLoops
{
    /// <summary>Reads at least this long...</summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromSeconds(2);

    /// <summary>...and until it has this many reads (small: a loaded machine must reach it too)...</summary>
    public const long MinimumReads = 10_000;

    /// <summary>...and has seen the value change this often (so reads really overlapped writes)...</summary>
    public const long MinimumChanges = 100;

    /// <summary>
    /// The writer's pace: one update every this many microseconds. A pread copy takes a few
    /// microseconds here; a writer publishing back to back (every ~0.1 µs) would tear every copy and
    /// test only the fallback. 20 µs is 500 times the fastest daemon, and far more updates than a
    /// copy's time: about one copy in five overlaps an update.
    /// </summary>
    public const int WriteIntervalMicroseconds = 20;

    /// <summary>...but no longer than this (a loaded machine may need more than the minimum).</summary>
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Publishes <see cref="StressValue.For"/>(k) for k = 1, 2, ... every <paramref name="intervalMicroseconds"/>
    /// (default <see cref="WriteIntervalMicroseconds"/>; 0: back to back) until
    /// <paramref name="stop"/> is set; calls <paramref name="afterFirstWrite"/> once. Returns the last k.
    /// </summary>
    public static long Write(SegmentWriter writer, Func<bool> stop, Action? afterFirstWrite = null,
        int intervalMicroseconds = WriteIntervalMicroseconds)
    {
        long k = 1;
        writer.Write(StressValue.For(k, writer.Version));
        afterFirstWrite?.Invoke();
        long interval = Stopwatch.Frequency * intervalMicroseconds / 1_000_000;
        while (!stop())
        {
            // Check the flag only every 64 writes, so the loop is mostly writes.
            for (int i = 0; i < 64; i++)
            {
                long next = Stopwatch.GetTimestamp() + interval; // no catching up in bursts after a stall
                while (Stopwatch.GetTimestamp() < next)
                {
                    Thread.SpinWait(8);
                }
                k++;
                writer.Write(StressValue.For(k, writer.Version));
            }
        }
        return k;
    }

    /// <summary>
    /// Calls <see cref="SegmentReader.ReadFresh"/> (never the cached Read, which would skip the
    /// seqlock) and checks every snapshot, for at least <see cref="MinimumDuration"/> and until
    /// <see cref="MinimumReads"/> and <see cref="MinimumChanges"/> are reached, at most
    /// <see cref="MaximumDuration"/>.
    /// </summary>
    public static StressCounts Read(SegmentReader reader, int version)
    {
        var counts = new StressCounts();
        var clock = Stopwatch.StartNew();
        bool Done() => clock.Elapsed >= MaximumDuration
            || clock.Elapsed >= MinimumDuration && counts.Reads >= MinimumReads && counts.Changes >= MinimumChanges;

        // A thread's first read has no earlier snapshot to fall back on if the writer holds the
        // generation odd past the retry bound (it may be descheduled mid-update): retry until one
        // succeeds. After that every read must succeed, with a fresh or the last good snapshot.
        long previousK = 0;
        while (!Done())
        {
            try
            {
                StressValue.IsConsistent(reader.ReadFresh(), version, out previousK);
                break;
            }
            catch (ClockBoundException e) when (e.Kind == ClockBoundErrorKind.SegmentNotInitialized)
            {
                Thread.Yield();
            }
        }
        while (!Done())
        {
            for (int i = 0; i < 256; i++)
            {
                ClockErrorBound value;
                try
                {
                    value = reader.ReadFresh();
                }
                catch (ClockBoundException)
                {
                    counts.Errors++;
                    continue;
                }
                counts.Reads++;
                if (!StressValue.IsConsistent(value, version, out long k))
                {
                    counts.Inconsistent++;
                    continue;
                }
                if (k < previousK)
                {
                    counts.Regressions++;
                }
                else if (k != previousK)
                {
                    counts.Changes++;
                    previousK = k;
                }
            }
        }
        counts.LastK = previousK;
        return counts;
    }

    /// <summary>
    /// The soak: <paramref name="threads"/> threads, each with its own reader (so copies run in
    /// parallel), call <see cref="SegmentReader.ReadFresh"/> until <paramref name="reads"/> reads in
    /// all, checking every snapshot as <see cref="Read"/> does.
    /// </summary>
    public static StressCounts Soak(string path, int version, long reads, int threads)
    {
        var results = new StressCounts[threads];
        long remaining = reads;
        Thread[] workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            using SegmentReader reader = SegmentReader.Open(path);
            var counts = new StressCounts();
            long previousK = 0;
            while (Interlocked.Add(ref remaining, -1024) > -1024)
            {
                for (int i = 0; i < 1024; i++)
                {
                    ClockErrorBound value;
                    try
                    {
                        value = reader.ReadFresh();
                    }
                    catch (ClockBoundException) when (previousK == 0)
                    {
                        continue; // before this thread's first good copy: the writer may hold the generation odd
                    }
                    catch (ClockBoundException)
                    {
                        counts.Errors++;
                        continue;
                    }
                    counts.Reads++;
                    if (!StressValue.IsConsistent(value, version, out long k))
                    {
                        counts.Inconsistent++;
                    }
                    else if (k < previousK)
                    {
                        counts.Regressions++;
                    }
                    else if (k != previousK)
                    {
                        counts.Changes++;
                        previousK = k;
                    }
                }
            }
            counts.LastK = previousK;
            results[t] = counts;
        })).ToArray();
        foreach (Thread worker in workers)
        {
            worker.Start();
        }
        var total = new StressCounts();
        foreach (Thread worker in workers)
        {
            worker.Join();
        }
        foreach (StressCounts counts in results)
        {
            total.Add(counts);
        }
        return total;
    }
}
