using ClockBound.Shm;

namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>Records every published value and when (logs "write:Status" to the shared event log).</summary>
internal sealed class RecordingSink(EventLog log, FakeClock clock) : ISegmentSink
{
    public List<ClockErrorBound> Writes { get; } = [];
    public List<long> WriteTimes { get; } = [];

    public ClockErrorBound Last => Writes[^1];

    public void Write(in ClockErrorBound value)
    {
        // The same check SegmentWriter applies: the loop must never publish something invalid.
        Assert.Null(value.Validate(2));
        lock (Writes)
        {
            Writes.Add(value);
            WriteTimes.Add(clock.Monotonic);
        }
        log.Add($"write:{value.Status}");
    }
}
