using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>
/// The loop's one contact with what operators watch: each sample and disruption is counted in
/// <see cref="DaemonMetrics"/>, and each change of the <see cref="DaemonCondition"/> is logged,
/// written to the condition file and shown in the metrics. Called on the loop's thread (a
/// disruption also from the signal thread, which only counts); allocates only when the condition changes.
/// </summary>
internal sealed class DaemonObserver
{
    private readonly DaemonCondition _condition = new();
    private readonly DaemonConditionFile? _file;
    private readonly IDaemonClock _clock;
    private readonly ILogger _logger;
    private ConditionSnapshot? _current;

    /// <summary>Counts into <paramref name="metrics"/> and writes changes to <paramref name="file"/> (either may be left out).</summary>
    public DaemonObserver(DaemonMetrics metrics, DaemonConditionFile? file, IDaemonClock clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Metrics = metrics;
        _file = file;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The counters.</summary>
    public DaemonMetrics Metrics { get; }

    /// <summary>The condition as last changed, or null before the first sample. Safe from any thread.</summary>
    public ConditionSnapshot? Condition => Volatile.Read(ref _current);

    /// <summary>
    /// One sample: <paramref name="failure"/> with its <paramref name="error"/> (null when good);
    /// <paramref name="needsAction"/> when its cause cannot clear by itself (permissions, a missing directory).
    /// </summary>
    public void OnSample(SampleFailure failure, string? error, bool needsAction = false)
    {
        Metrics.OnSample(failure);
        if (!_condition.OnSample(failure, error, _clock.RealtimeNanoseconds(), needsAction))
        {
            return;
        }
        var snapshot = new ConditionSnapshot(_condition.Failure, _condition.Message, _condition.SinceRealtimeNanoseconds, _condition.NeedsAction);
        Volatile.Write(ref _current, snapshot);
        // The reason only: the failure's own warning or error line carries the message.
        ObservabilityLog.ConditionChanged(_logger, snapshot.Failing
            ? $"failing ({SampleFailureNames.NameOf(snapshot.Failure)}{(snapshot.NeedsAction ? ", needs action" : "")})"
            : "ok");
        _file?.Write(_condition);
    }

    /// <summary>A disruption began.</summary>
    public void OnDisruption() => Metrics.OnDisruption();
}
