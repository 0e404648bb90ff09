using ClockBound.Shm;

namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>Records every published value (and logs "write:Status" to the shared event log).</summary>
internal sealed class RecordingSink(EventLog log) : ISegmentSink
{
    public List<ClockErrorBound> Writes { get; } = [];

    public ClockErrorBound Last => Writes[^1];

    public void Write(in ClockErrorBound value)
    {
        // The same check SegmentWriter applies: the loop must never publish something invalid.
        Assert.Null(value.Validate(2));
        lock (Writes)
        {
            Writes.Add(value);
        }
        log.Add($"write:{value.Status}");
    }
}
