namespace ClockBound.Daemon;

/// <summary>What the loop needs from the command line.</summary>
internal sealed record DaemonLoopSettings
{
    /// <summary><c>--max-drift-rate</c> × 1000.</summary>
    public required uint MaxDriftPpb { get; init; }

    /// <summary>Time between the starts of two iterations.</summary>
    public required TimeSpan PollInterval { get; init; }
}
