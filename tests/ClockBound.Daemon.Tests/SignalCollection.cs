namespace ClockBound.Daemon.Tests;

/// <summary>
/// Tests that register process-wide signal handlers (DaemonHost.Run) or send real signals to
/// this process run one at a time: a SIGUSR1 meant for one must not reach the other's loop.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SignalCollection
{
    public const string Name = "Process signals";
}
