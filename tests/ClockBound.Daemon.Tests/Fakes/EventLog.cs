namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>One ordered record of what the fakes saw, so tests can assert on the order of effects.</summary>
internal sealed class EventLog
{
    public List<string> Events { get; } = [];

    public void Add(string item)
    {
        lock (Events)
        {
            Events.Add(item);
        }
    }

    public void Clear()
    {
        lock (Events)
        {
            Events.Clear();
        }
    }

    public List<string> Snapshot()
    {
        lock (Events)
        {
            return [.. Events];
        }
    }
}
