namespace ClockBound.Daemon;

/// <summary>What the loop needs from the command line.</summary>
internal sealed record DaemonLoopSettings
{
    /// <summary><c>--max-drift-rate</c> × 1000.</summary>
    public required uint MaxDriftPpb { get; init; }

    /// <summary>Time between the starts of two iterations.</summary>
    public required TimeSpan PollInterval { get; init; }

    /// <summary>A repeating log line (a sample failure, an ignored signal) is written at most once per this, with a count of the rest.</summary>
    public TimeSpan LogRepeatInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The same for a cause that cannot resolve itself (chronyd's socket closed to the daemon): logged at error level, repeated this rarely.</summary>
    public TimeSpan PersistentLogRepeatInterval { get; init; } = TimeSpan.FromMinutes(10);
}
