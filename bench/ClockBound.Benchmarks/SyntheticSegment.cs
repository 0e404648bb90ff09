using ClockBound.Interop;
using ClockBound.Shm;

namespace ClockBound.Benchmarks;

/// <summary>
/// A real v2 segment file with a fixed bound (no drift, so every reading's bound is exactly
/// <see cref="BoundNanoseconds"/>), Synchronized, republished every 100 ms by a dedicated thread as a
/// daemon would, and a <see cref="ClockBoundClient"/> reading it.
/// </summary>
internal sealed class SyntheticSegment : IDisposable
{
    private readonly string _directory;
    private readonly SegmentWriter _writer;
    private readonly Thread _publisher;
    private volatile bool _stop;

    public SyntheticSegment(long boundNanoseconds)
    {
        BoundNanoseconds = boundNanoseconds;
        _directory = Directory.CreateTempSubdirectory("cb-bench-").FullName;
        _writer = SegmentWriter.Open(Path.Combine(_directory, "shm0"), 2);
        Publish();
        _publisher = new Thread(() =>
        {
            while (!_stop)
            {
                Thread.Sleep(100);
                Publish();
            }
        }) { IsBackground = true, Name = "publisher" };
        _publisher.Start();
        Client = ClockBoundClient.Open(_writer.Path);
        ClockBoundNow now = Client.Now();
        if (now.Status != ClockStatus.Synchronized || now.BoundNanoseconds != boundNanoseconds)
        {
            throw new InvalidOperationException($"expected a Synchronized ±{boundNanoseconds} ns reading, got {now}");
        }
    }

    public long BoundNanoseconds { get; }

    public ClockBoundClient Client { get; }

    public void Dispose()
    {
        _stop = true;
        _publisher.Join();
        Client.Dispose();
        _writer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Publish()
    {
        long asOf = Clocks.MonotonicCoarseNanoseconds();
        _writer.Write(new ClockErrorBound
        {
            AsOfNanoseconds = asOf,
            VoidAfterNanoseconds = asOf + 1_000_000_000_000,
            BoundNanoseconds = BoundNanoseconds,
            MaxDriftPpb = 0,
            Status = ClockStatus.Synchronized,
        });
    }
}
