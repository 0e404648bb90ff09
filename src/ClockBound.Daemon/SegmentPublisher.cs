using ClockBound.Chrony;
using ClockBound.Shm;
using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>
/// Step 7: builds the published value from the state machine and the kept bound, writes it to
/// the segments and logs each change of status. Not thread-safe: the loop calls it under its lock.
/// </summary>
/// <remarks>
/// The published <c>as_of</c> never goes backwards. A signal publishes Disrupted stamped "now"
/// while the loop is still inside its chronyd query, whose <c>as_of</c> was taken earlier; that
/// older value is then raised to the last one published, and the bound widened by
/// <c>max_drift × (raise)</c> rounded up, so it still holds at the later instant.
/// </remarks>
internal sealed class SegmentPublisher
{
    /// <summary>
    /// The bound published while there is no good sample (status Unknown or Disrupted): the widest
    /// the daemon ever publishes, so an application that ignores the status gets "nothing is known".
    /// </summary>
    public const long NoSampleBoundNanoseconds = TrackingErrorBound.MaximumNanoseconds;

    private readonly ISegmentSink _sink;
    private readonly uint _maxDriftPpb;
    private readonly bool _disruptionSupportEnabled;
    private readonly LogRateLimiter _limiter;
    private readonly ILogger _logger;
    private bool _publishedOnce;
    private ClockStatus _publishedStatus;
    private long _lastAsOf = long.MinValue;

    /// <summary>Publishes to <paramref name="sink"/> with the drift rate readers extrapolate with.</summary>
    public SegmentPublisher(ISegmentSink sink, uint maxDriftPpb, bool disruptionSupportEnabled, LogRateLimiter limiter, ILogger logger)
    {
        _sink = sink;
        _maxDriftPpb = maxDriftPpb;
        _disruptionSupportEnabled = disruptionSupportEnabled;
        _limiter = limiter;
        _logger = logger;
    }

    /// <summary>
    /// Writes the status of <paramref name="state"/> with the kept bound, or, without a good
    /// sample, the widest bound as of <paramref name="currentAsOf"/>.
    /// </summary>
    public void Publish(ClockStateMachine state, BoundKeeper kept, ulong disruptionMarker, long currentAsOf)
    {
        long asOf = kept.HasGoodSample ? kept.AsOfNanoseconds : currentAsOf;
        long bound = kept.HasGoodSample ? kept.BoundNanoseconds : NoSampleBoundNanoseconds;
        if (asOf < _lastAsOf)
        {
            bound = WidenedBound(bound, _lastAsOf - asOf, _maxDriftPpb);
            asOf = _lastAsOf;
        }
        _lastAsOf = asOf;

        var value = new ClockErrorBound
        {
            AsOfNanoseconds = asOf,
            VoidAfterNanoseconds = asOf + DaemonTiming.VoidAfterNanoseconds,
            BoundNanoseconds = bound,
            MaxDriftPpb = _maxDriftPpb,
            Status = state.State,
            DisruptionMarker = disruptionMarker,
            DisruptionSupportEnabled = _disruptionSupportEnabled,
        };
        Write(value);
        if (!_publishedOnce || value.Status != _publishedStatus)
        {
            Log.StatusPublished(_logger, _publishedOnce ? _publishedStatus.ToString() : "(start)", value.Status, state.Chrony, state.Disruption, bound);
            _publishedStatus = value.Status;
            _publishedOnce = true;
        }
    }

    /// <summary>
    /// <paramref name="bound"/> plus ⌈<paramref name="maxDriftPpb"/> × <paramref name="elapsedNanoseconds"/> / 1e9⌉,
    /// at most <see cref="NoSampleBoundNanoseconds"/>.
    /// </summary>
    internal static long WidenedBound(long bound, long elapsedNanoseconds, uint maxDriftPpb)
    {
        UInt128 drift = ((UInt128)(ulong)elapsedNanoseconds * maxDriftPpb + (DaemonTiming.NanosecondsPerSecond - 1)) / (ulong)DaemonTiming.NanosecondsPerSecond;
        UInt128 widened = (ulong)bound + drift;
        return widened > NoSampleBoundNanoseconds ? NoSampleBoundNanoseconds : (long)widened;
    }

    private void Write(in ClockErrorBound value)
    {
        try
        {
            _sink.Write(value);
        }
        catch (Exception e) when (e is ArgumentException or ObjectDisposedException or IOException)
        {
            if (_limiter.ShouldLog(LogReason.SegmentWriteFailed, out int suppressed))
            {
                Log.SegmentWriteFailed(_logger, e.Message, suppressed);
            }
            return;
        }
        if (_limiter.Clear(LogReason.SegmentWriteFailed, out int failed))
        {
            Log.SegmentWriteRecovered(_logger, failed);
        }
    }
}
