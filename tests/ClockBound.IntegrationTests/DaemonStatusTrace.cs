using ClockBound.Shm;

namespace ClockBound.IntegrationTests;

/// <summary>
/// What a daemon's version 2 segment and a client on it showed, polled every few milliseconds
/// until a condition held: the distinct statuses in the order seen, and the snapshot at each change.
/// </summary>
internal sealed class DaemonStatusTrace
{
    private readonly List<ClockStatus> _segment = [];
    private readonly List<ClockStatus> _client = [];
    private readonly List<(ClockErrorBound Snapshot, long ReadAt)> _changes = [];

    /// <summary>The segment's statuses, each once per run of equal values.</summary>
    public IReadOnlyList<ClockStatus> SegmentStatuses => _segment;

    /// <summary>The client's statuses, each once per run of equal values.</summary>
    public IReadOnlyList<ClockStatus> ClientStatuses => _client;

    /// <summary>The first snapshot of each run in <see cref="SegmentStatuses"/>, with the monotonic time it was read at.</summary>
    public IReadOnlyList<(ClockErrorBound Snapshot, long ReadAt)> Changes => _changes;

    /// <summary>Every snapshot read (for checks that must hold at all times).</summary>
    public List<ClockErrorBound> All { get; } = [];

    /// <summary>
    /// Polls <paramref name="daemon"/>'s segment, then <paramref name="client"/>, every 10 ms until
    /// the segment satisfies <paramref name="until"/> (included in the trace).
    /// </summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/>; the message has the trace and the daemon's output.</exception>
    public static DaemonStatusTrace Record(DaemonUnderTest daemon, ClockBoundClient client, Func<ClockErrorBound, bool> until, TimeSpan timeout, string what)
    {
        var trace = new DaemonStatusTrace();
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            ClockErrorBound snapshot = daemon.ReadV2();
            long readAt = DaemonUnderTest.MonotonicNow();
            ClockStatus clientStatus = client.Now().Status;
            trace.All.Add(snapshot);
            if (trace._segment.Count == 0 || trace._segment[^1] != snapshot.Status)
            {
                trace._segment.Add(snapshot.Status);
                trace._changes.Add((snapshot, readAt));
            }
            if (trace._client.Count == 0 || trace._client[^1] != clientStatus)
            {
                trace._client.Add(clientStatus);
            }
            if (until(snapshot))
            {
                return trace;
            }
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException(
                    $"{what}: not within {timeout.TotalSeconds} s; segment statuses {trace}, last {snapshot}\n"
                    + $"daemon output:\n{daemon.Process.Output}");
            }
            Thread.Sleep(10);
        }
    }

    /// <summary>The first snapshot of the run with status <paramref name="status"/>.</summary>
    public (ClockErrorBound Snapshot, long ReadAt) FirstWith(ClockStatus status) => _changes.First(c => c.Snapshot.Status == status);

    public override string ToString() => $"[{string.Join(", ", _segment)}], client [{string.Join(", ", _client)}]";
}
