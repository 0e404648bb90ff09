using ClockBound.Interop;
using ClockBound.Shm;
using static ClockBound.Client.Tests.Snapshots;

namespace ClockBound.Client.Tests;

/// <summary>Many threads call Now() on one client while the writer keeps publishing.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadersRacingAWriterAlwaysGetSaneIntervals()
    {
        const int Readers = 2;
        const int CallsPerReader = 50_000;
        const long MinBound = 1_000, MaxBound = 1_000 + 255 * 1_000;
        const uint Drift = 50_000;

        using SegmentWriter writer = SegmentWriter.Open(_dir.File("shm0"), 2);
        writer.Write(Fresh(bound: MinBound, driftPpb: Drift));
        using ClockBoundClient client = ClockBoundClient.Open(_dir.File("shm0"));

        using var stop = new CancellationTokenSource();
        // Each reader takes its first snapshot before the race starts. A writer as relentless as this
        // one (no daemon writes more than every few ms) can keep the generation odd or moving through
        // a reader's whole retry budget; a reader then falls back on its last good snapshot, and one
        // with none yet reports "not initialised" (spec: "retries within its bound").
        using var start = new Barrier(Readers + 1);
        long writes = 0;
        var writerTask = Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            // Bounds and statuses vary so that a torn read would show as a mix.
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                writer.Write(Fresh(bound: MinBound + (i % 256) * 1_000, driftPpb: Drift,
                    status: (i & 1) == 0 ? ClockStatus.Synchronized : ClockStatus.FreeRunning));
                writes++;
            }
        }, TaskCreationOptions.LongRunning);

        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Factory.StartNew(() =>
        {
            client.Now();
            start.SignalAndWait();
            for (int i = 0; i < CallsPerReader; i++)
            {
                long before = Clocks.RealtimeNanoseconds();
                ClockBoundNow now = client.Now();
                long after = Clocks.RealtimeNanoseconds();
                Assert.True(now.Status is ClockStatus.Synchronized or ClockStatus.FreeRunning, now.ToString());
                // At worst the reader's first snapshot, from well within the last 10 s.
                Assert.InRange(now.BoundNanoseconds, MinBound, MaxBound + 10 * Drift);
                Assert.Equal(2 * now.BoundNanoseconds, now.Latest.NanosecondsSince(now.Earliest));
                Assert.InRange(now.Earliest.UnixTimeNanoseconds + now.BoundNanoseconds, before, after);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        try
        {
            await Task.WhenAll(readers);
        }
        finally
        {
            stop.Cancel();
            await writerTask;
        }
        Assert.True(writes > 0);
    }
}
