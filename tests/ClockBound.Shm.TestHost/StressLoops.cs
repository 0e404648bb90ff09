using System.Diagnostics;

namespace ClockBound.Shm.TestHost;

/// <summary>The writer and reader loops of the torn-read stress test, shared by threads and processes.</summary>
public static class StressLoops
{
    /// <summary>
    /// Publishes <see cref="StressValue.For"/>(k) for k = 1, 2, ... as fast as possible until
    /// <paramref name="stop"/> is set; calls <paramref name="afterFirstWrite"/> once. Returns the last k.
    /// </summary>
    public static long Write(SegmentWriter writer, Func<bool> stop, Action? afterFirstWrite = null)
    {
        long k = 1;
        writer.Write(StressValue.For(k, writer.Version));
        afterFirstWrite?.Invoke();
        while (!stop())
        {
            // Check the clock/flag only every 64 writes, so the loop is mostly writes.
            for (int i = 0; i < 64; i++)
            {
                k++;
                writer.Write(StressValue.For(k, writer.Version));
            }
        }
        return k;
    }

    /// <summary>
    /// Calls <see cref="SegmentReader.ReadFresh"/> (never the cached Read, which would skip the
    /// seqlock) until <paramref name="stop"/> is set, checking every snapshot.
    /// </summary>
    public static StressCounts Read(SegmentReader reader, int version, Func<bool> stop)
    {
        var counts = new StressCounts();
        long previousK = 0;
        // A thread's first read has no earlier snapshot to fall back on if the writer holds the
        // generation odd past the retry bound (it may be descheduled mid-update): retry until one
        // succeeds. After that every read must succeed, with a fresh or the last good snapshot.
        while (!stop())
        {
            try
            {
                reader.ReadFresh();
                break;
            }
            catch (ClockBoundException e) when (e.Kind == ClockBoundErrorKind.SegmentNotInitialized)
            {
                Thread.Yield();
            }
        }
        while (!stop())
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

    /// <summary>A stop condition that becomes true after <paramref name="duration"/>.</summary>
    public static Func<bool> After(TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        return () => clock.Elapsed >= duration;
    }
}
