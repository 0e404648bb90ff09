using ClockBound.Chrony;
using ClockBound.Shm;
using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>
/// The daemon's loop: <see cref="RunOnce"/> is daemon.md's seven steps, in order. What each
/// step keeps lives in its own class: <see cref="DisruptionTracker"/> (step 1 and the signals),
/// <see cref="BoundKeeper"/> (steps 4 and 5), <see cref="ChronyResetProcedure"/> (step 6) and
/// <see cref="SegmentPublisher"/> (step 7).
/// </summary>
/// <remarks>
/// <para>Locking. The loop runs on one thread; the SIGUSR1/SIGUSR2 handlers call
/// <see cref="OnForcedDisruptionStart"/> / <see cref="OnForcedDisruptionEnd"/> from another.
/// One lock (<c>_gate</c>) guards the state machine, the tracker, the kept bound and every
/// segment write, and it is never held across a chronyd call (steps 3 and 6 run outside it). So
/// a signal's Disrupted is published at once, even while the loop waits up to a second for
/// chronyd. The reset procedure belongs to the loop's thread; signal handlers only request it.</para>
/// <para>Everything with a side effect (chronyd, the segments, the clocks, the VMClock page,
/// sysfs) is injected, so unit tests drive the loop with fakes, one <see cref="RunOnce"/> at a
/// time. The steady-state iteration allocates nothing.</para>
/// </remarks>
internal sealed class DaemonLoop
{
    /// <summary>Published bound while there has never been a good sample (see <see cref="SegmentPublisher.NoSampleBoundNanoseconds"/>).</summary>
    public const long NoSampleBoundNanoseconds = SegmentPublisher.NoSampleBoundNanoseconds;

    private readonly Lock _gate = new();
    private readonly long _pollIntervalNanoseconds;
    private readonly IChronyControl _chrony;
    private readonly IDaemonClock _clock;
    private readonly TrackingSampleEvaluator _evaluator;
    private readonly ChronyResetProcedure _reset;
    private readonly LogRateLimiter _limiter;
    private readonly ILogger _logger;
    private readonly DaemonObserver? _observer;

    // Guarded by _gate.
    private readonly ClockStateMachine _state;
    private readonly DisruptionTracker _disruption;
    private readonly BoundKeeper _kept = new();
    private readonly SegmentPublisher _publisher;

    // The loop's thread only.
    private int _failedSamples;
    private int _failedIterations;
    private ChronyFailureKind? _queryFailureKind;

    // Guarded by _gate.
    private SampleFailureCause _lastFailureCause;

    /// <summary>
    /// Creates the loop. Disruption support is on exactly when <paramref name="disruptionSource"/>
    /// is given; the PHC bound is added when <paramref name="phcRefId"/> and <paramref name="phc"/> are.
    /// Samples and disruptions are reported to <paramref name="observer"/> (metrics, condition file) when given.
    /// </summary>
    public DaemonLoop(
        DaemonLoopSettings settings,
        IChronyControl chrony,
        ISegmentSink sink,
        IDaemonClock clock,
        IDisruptionMarkerSource? disruptionSource,
        uint? phcRefId,
        IPhcErrorBoundSource? phc,
        ILogger logger,
        DaemonObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MaxDriftPpb >= 1_000_000_000u)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.MaxDriftPpb, "max drift must be below 1e9 ppb");
        }
        _pollIntervalNanoseconds = (long)settings.PollInterval.TotalNanoseconds;
        _chrony = chrony;
        _clock = clock;
        _evaluator = new TrackingSampleEvaluator(phcRefId, phc);
        _reset = new ChronyResetProcedure(logger);
        _limiter = new LogRateLimiter(clock, settings.LogRepeatInterval, settings.PersistentLogRepeatInterval);
        _logger = logger;
        _observer = observer;
        _state = new ClockStateMachine(disruptionSource is not null);
        _disruption = new DisruptionTracker(disruptionSource, _limiter, logger);
        _publisher = new SegmentPublisher(sink, settings.MaxDriftPpb, disruptionSource is not null, _limiter, logger);
    }

    /// <summary>Whether the VMClock is watched and SIGUSR1/SIGUSR2 are honoured.</summary>
    public bool DisruptionSupportEnabled => _disruption.Enabled;

    /// <summary>The status last computed (what the next write publishes).</summary>
    public ClockStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _state.State;
            }
        }
    }

    /// <summary>
    /// Why the last sample failed (<see cref="SampleFailureCause.None"/> after a good one): the
    /// failure and, when chronyd could not be asked, the cause's kind. For status and metrics.
    /// </summary>
    public SampleFailureCause LastSampleFailureCause
    {
        get
        {
            lock (_gate)
            {
                return _lastFailureCause;
            }
        }
    }

    /// <summary>Whether a chronyd reset after a disruption is still in progress (loop thread only).</summary>
    internal bool ResetInProgress => _reset.IsActive;

    /// <summary>Chronyd commands the reset procedure has attempted so far (loop thread only).</summary>
    internal int ResetAttempts => _reset.Attempts;

    /// <summary>Iterations in a row that threw (loop thread only).</summary>
    internal int ConsecutiveFailedIterations => _failedIterations;

    /// <summary>Runs iterations every poll interval until <paramref name="cancellationToken"/> is cancelled.</summary>
    public void Run(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            long start = _clock.MonotonicCoarseNanoseconds();
            try
            {
                RunOnce(cancellationToken);
                OnIterationSucceeded();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug must not take the published status down with the process; but it must not look healthy either.
                OnIterationFailed(e);
            }
            long remaining = _pollIntervalNanoseconds - (_clock.MonotonicCoarseNanoseconds() - start);
            if (remaining > 0)
            {
                _clock.Sleep(TimeSpan.FromTicks((remaining + 99) / 100), cancellationToken);
            }
        }
    }

    /// <summary>One iteration, steps 1 to 7 of daemon.md's loop.</summary>
    public void RunOnce(CancellationToken cancellationToken = default)
    {
        long iterationStart = _clock.MonotonicCoarseNanoseconds();

        // 1. Disruption sources: a new disruption is published at once, before chronyd is asked.
        lock (_gate)
        {
            HandleDisruptionSources();
        }

        // 2. as_of before asking: a late answer only makes the bound more pessimistic.
        long asOf = _clock.MonotonicCoarseNanoseconds();

        // 3. Ask chronyd (outside the lock: this may take up to the connection's timeout).
        SampleFailure failure = TakeSample(out TrackingSample sample, out string? error);
        _observer?.OnSample(failure, error, new SampleFailureCause(failure, failure == SampleFailure.QueryFailed ? _queryFailureKind : null).IsPersistent);

        // 4 (success) and 5 (failure).
        lock (_gate)
        {
            ApplySample(asOf, failure, sample, error);
        }

        // 6. After a disruption, reset chronyd's sources: one time-bounded slice per iteration.
        AdvanceReset(iterationStart + _pollIntervalNanoseconds, cancellationToken);

        // 7. Publish.
        lock (_gate)
        {
            _publisher.Publish(_state, _kept, _disruption.Marker, asOf);
        }
    }

    /// <summary>
    /// SIGUSR1: force a disruption, published at once, held until <see cref="OnForcedDisruptionEnd"/>.
    /// Logged and ignored without disruption support. Safe to call from any thread.
    /// </summary>
    public void OnForcedDisruptionStart()
    {
        lock (_gate)
        {
            if (_disruption.ForceStart())
            {
                BeginDisruption();
            }
        }
    }

    /// <summary>
    /// SIGUSR2: end a forced disruption. chronyd's sources are reset again (the clock may have
    /// moved while the disruption was held) before the status can leave Disrupted. Logged and
    /// ignored without disruption support or without a forced disruption. Safe to call from any thread.
    /// </summary>
    public void OnForcedDisruptionEnd()
    {
        lock (_gate)
        {
            _disruption.ForceEnd();
        }
    }

    // Under _gate.
    private void HandleDisruptionSources()
    {
        DisruptionState? input = _disruption.Poll(_reset.IsActive);
        if (input == DisruptionState.Disrupted)
        {
            BeginDisruption();
        }
        else if (input is DisruptionState state)
        {
            _state.Update(state);
        }
    }

    // Under _gate.
    private void BeginDisruption()
    {
        _state.Update(DisruptionState.Disrupted);
        _observer?.OnDisruption();
        _publisher.Publish(_state, _kept, _disruption.Marker, _clock.MonotonicCoarseNanoseconds());
    }

    private SampleFailure TakeSample(out TrackingSample sample, out string? error)
    {
        TrackingReport report;
        try
        {
            report = _chrony.GetTracking();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            sample = default;
            _queryFailureKind = (e as ChronyException)?.Kind ?? ChronyFailureKind.Other;
            error = e is ChronyException
                ? $"chronyd tracking query failed: {e.Message}"
                : $"chronyd tracking query failed: {e.GetType().Name}: {e.Message}";
            return SampleFailure.QueryFailed;
        }
        // Realtime after the reply: a later "now" only makes ref_time look older (safer).
        return _evaluator.Evaluate(report, _clock.RealtimeNanoseconds(), out sample, out error);
    }

    // Under _gate.
    private void ApplySample(long asOf, SampleFailure failure, in TrackingSample sample, string? error)
    {
        ChronyClockStatus fed;
        _lastFailureCause = new SampleFailureCause(failure, failure == SampleFailure.QueryFailed ? _queryFailureKind : null);
        if (failure == SampleFailure.None)
        {
            if (_failedSamples > 0)
            {
                Log.SamplesRecovered(_logger, _failedSamples, ClearSampleFailures());
                _failedSamples = 0;
            }
            fed = sample.Status;
            if (fed == ChronyClockStatus.Synchronized)
            {
                _kept.Keep(asOf, sample.BoundNanoseconds);
            }
        }
        else
        {
            _failedSamples++;
            fed = _kept.StatusAfterFailure(asOf);
            LogSampleFailure(error ?? "unknown error", fed);
        }
        ChronyClockStatus previous = _state.Chrony;
        _state.Update(fed);
        if (fed != previous)
        {
            Log.ChronyStatusChanged(_logger, previous, fed);
        }
    }

    private void AdvanceReset(long deadline, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_disruption.TakeResetRequest())
            {
                Log.ResetStarted(_logger);
                _reset.Start(_clock.MonotonicCoarseNanoseconds());
            }
        }
        if (!_reset.IsActive || !_reset.Advance(_chrony, _clock, deadline, cancellationToken))
        {
            return;
        }
        lock (_gate)
        {
            if (!_disruption.OnResetCompleted())
            {
                return;
            }
            // Everything sampled so far predates the reset. Left in place, the last chrony status
            // (chronyd was still synced on its old data) would lead Unknown back to Synchronized
            // at the next Reliable marker, or extrapolate the old bound as FreeRunning. So only a
            // Synchronized sample taken after the reset leads out of Unknown.
            _state.Update(ChronyClockStatus.Unknown);
            _kept.Forget();
            _state.Update(DisruptionState.Unknown);
        }
    }

    private void OnIterationSucceeded()
    {
        if (_failedIterations > 0)
        {
            _limiter.Clear(LogReason.IterationFailed, out int suppressed);
            Log.IterationsRecovered(_logger, _failedIterations, suppressed);
            _failedIterations = 0;
        }
    }

    private void OnIterationFailed(Exception e)
    {
        _failedIterations++;
        if (_limiter.ShouldLog(LogReason.IterationFailed, out int suppressed))
        {
            Log.IterationFailed(_logger, _failedIterations, suppressed, e);
        }
    }

    // Under _gate. A cause that stays (the daemon may not reach chronyd's socket) is an error
    // with its fix, repeated rarely; any other a warning, repeated every minute.
    private void LogSampleFailure(string error, ChronyClockStatus fed)
    {
        SampleFailureCause cause = _lastFailureCause;
        LogReason reason = cause.IsPersistent ? LogReason.ChronyUnreachable : ReasonOf(cause.Failure);
        if (!_limiter.ShouldLog(reason, out int suppressed))
        {
            return;
        }
        if (cause.IsPersistent)
        {
            Log.SampleFailedPersistently(_logger, error, ChronyFailureAdvice.Fix(cause.ChronyKind!.Value), fed,
                (long)_limiter.IntervalOf(reason).TotalMinutes, suppressed);
        }
        else
        {
            Log.SampleFailed(_logger, error, fed, suppressed);
        }
    }

    private int ClearSampleFailures()
    {
        int total = 0;
        foreach (LogReason reason in SampleFailureReasons)
        {
            _limiter.Clear(reason, out int suppressed);
            total += suppressed;
        }
        return total;
    }

    private static ReadOnlySpan<LogReason> SampleFailureReasons =>
        [LogReason.TrackingQueryFailed, LogReason.ChronyUnreachable, LogReason.TrackingReportRejected, LogReason.PhcBoundUnavailable, LogReason.BoundRejected];

    private static LogReason ReasonOf(SampleFailure failure) => failure switch
    {
        SampleFailure.QueryFailed => LogReason.TrackingQueryFailed,
        SampleFailure.ReportRejected => LogReason.TrackingReportRejected,
        SampleFailure.PhcBoundUnavailable => LogReason.PhcBoundUnavailable,
        _ => LogReason.BoundRejected,
    };
}
