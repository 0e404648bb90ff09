using ClockBound.Chrony;
using ClockBound.Shm;
using ClockBound.VMClock;
using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>
/// The daemon's loop (daemon.md, "Loop"): each iteration handles disruptions, samples chronyd,
/// feeds the state machine, advances a pending chronyd reset, and publishes the segments.
/// </summary>
/// <remarks>
/// <para>Threads: the loop runs on one thread; the SIGUSR1/SIGUSR2 handlers call
/// <see cref="OnForcedDisruptionStart"/> / <see cref="OnForcedDisruptionEnd"/> from another. The
/// state (state machine, kept bound, markers, flags) and every segment write are guarded by one
/// lock that is never held across a chronyd call, so a signal's Disrupted is published at once
/// even while the loop waits for chronyd. The reset procedure belongs to the loop's thread;
/// the signal handlers only request it.</para>
/// <para>Everything with a side effect (chronyd, the segments, the clocks, the VMClock page,
/// sysfs) is injected, so unit tests drive the loop with fakes, one <see cref="RunOnce"/> at a time.</para>
/// </remarks>
internal sealed class DaemonLoop
{
    /// <summary>
    /// Published bound while there has never been a good sample (status Unknown or Disrupted):
    /// the widest the daemon ever publishes, so an application that ignores the status gets an
    /// interval that says "nothing is known" rather than a made-up narrow one.
    /// </summary>
    public const long NoSampleBoundNanoseconds = ErrorBoundCalculator.MaximumBoundNanoseconds;

    private readonly Lock _gate = new();
    private readonly DaemonLoopSettings _settings;
    private readonly IChronyControl _chrony;
    private readonly ISegmentSink _sink;
    private readonly IDaemonClock _clock;
    private readonly IDisruptionMarkerSource? _disruptionSource;
    private readonly TrackingSampleEvaluator _evaluator;
    private readonly ChronyResetProcedure _reset;
    private readonly ClockStateMachine _stateMachine;
    private readonly ILogger _logger;

    // Guarded by _gate.
    private bool _haveMarker;
    private ulong _marker;
    private bool _hasGoodSample;
    private long _goodAsOf;
    private long _goodBound;
    private bool _forcedDisruption;
    private bool _resetRequested;
    private ClockStatus _publishedStatus = ClockStatus.Unknown;
    private bool _publishedOnce;
    private int _failedSamples;
    private string? _lastSampleError;
    private bool _vmclockFailing;
    private bool _writeFailing;

    /// <summary>
    /// Creates the loop. Disruption support is on exactly when <paramref name="disruptionSource"/>
    /// is given; the PHC bound is added when <paramref name="phcRefId"/> and <paramref name="phc"/> are.
    /// </summary>
    public DaemonLoop(
        DaemonLoopSettings settings,
        IChronyControl chrony,
        ISegmentSink sink,
        IDaemonClock clock,
        IDisruptionMarkerSource? disruptionSource,
        uint? phcRefId,
        IPhcErrorBoundSource? phc,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MaxDriftPpb >= 1_000_000_000u)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.MaxDriftPpb, "max drift must be below 1e9 ppb");
        }
        _settings = settings;
        _chrony = chrony;
        _sink = sink;
        _clock = clock;
        _disruptionSource = disruptionSource;
        _evaluator = new TrackingSampleEvaluator(phcRefId, phc);
        _reset = new ChronyResetProcedure(logger);
        _stateMachine = new ClockStateMachine(disruptionSource is not null);
        _logger = logger;
    }

    /// <summary>Whether the VMClock is watched and SIGUSR1/SIGUSR2 are honoured.</summary>
    public bool DisruptionSupportEnabled => _disruptionSource is not null;

    /// <summary>The status last computed (what the next write publishes).</summary>
    public ClockStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _stateMachine.State;
            }
        }
    }

    /// <summary>Whether a chronyd reset after a disruption is still in progress (loop thread only).</summary>
    internal bool ResetInProgress => _reset.IsActive;

    /// <summary>Chronyd commands the reset procedure has attempted so far (loop thread only).</summary>
    internal int ResetAttempts => _reset.Attempts;

    /// <summary>Runs iterations every poll interval until <paramref name="cancellationToken"/> is cancelled.</summary>
    public void Run(CancellationToken cancellationToken)
    {
        long interval = (long)_settings.PollInterval.TotalNanoseconds;
        while (!cancellationToken.IsCancellationRequested)
        {
            long start = _clock.MonotonicCoarseNanoseconds();
            try
            {
                RunOnce(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug must not take the published status down with the process: log, go on.
                Log.IterationFailed(_logger, e);
            }
            long remaining = interval - (_clock.MonotonicCoarseNanoseconds() - start);
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

        // 1. Disruption sources (a new marker is published at once, before chronyd is asked).
        lock (_gate)
        {
            PollDisruptionSource();
        }

        // 2. as_of before asking: a late answer only makes the bound more pessimistic.
        long asOf = _clock.MonotonicCoarseNanoseconds();

        // 3. Ask chronyd (outside the lock: this may take up to the connection's timeout).
        bool good = TryTakeSample(out TrackingSample sample, out string? error);

        // 4 and 5.
        lock (_gate)
        {
            ApplySample(asOf, good, sample, error);
        }

        // 6. A pending reset of chronyd's sources, one time-bounded slice per iteration.
        AdvanceReset(iterationStart + (long)_settings.PollInterval.TotalNanoseconds, cancellationToken);

        // 7. Publish.
        lock (_gate)
        {
            Publish(asOf);
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
            if (!DisruptionSupportEnabled)
            {
                Log.SignalIgnored(_logger, "SIGUSR1");
                return;
            }
            Log.ForcedDisruptionStarted(_logger);
            _forcedDisruption = true;
            BeginDisruption();
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
            if (!DisruptionSupportEnabled)
            {
                Log.SignalIgnored(_logger, "SIGUSR2");
                return;
            }
            if (!_forcedDisruption)
            {
                Log.NoForcedDisruption(_logger);
                return;
            }
            Log.ForcedDisruptionEnded(_logger);
            _forcedDisruption = false;
            _resetRequested = true;
        }
    }

    // While true, the disruption input is not fed from the VMClock: it stays Disrupted until the
    // reset completes (and no hold is active).
    private bool InDisruption => _forcedDisruption || _resetRequested || _reset.IsActive;

    private void PollDisruptionSource()
    {
        if (_disruptionSource is null)
        {
            return;
        }
        ulong marker;
        try
        {
            marker = _disruptionSource.ReadMarker();
        }
        catch (VMClockException e)
        {
            if (!_vmclockFailing)
            {
                Log.DisruptionSourceFailed(_logger, _disruptionSource.Description, e.Message);
                _vmclockFailing = true;
            }
            if (!InDisruption)
            {
                _stateMachine.Update(DisruptionState.Unknown);
            }
            return;
        }
        if (_vmclockFailing)
        {
            Log.DisruptionSourceRecovered(_logger, _disruptionSource.Description);
            _vmclockFailing = false;
        }

        if (!_haveMarker)
        {
            // The first marker seen is the daemon's starting point, not a disruption.
            _haveMarker = true;
            _marker = marker;
            Log.InitialDisruptionMarker(_logger, marker, _disruptionSource.Description);
        }
        else if (marker != _marker)
        {
            Log.DisruptionDetected(_logger, _marker, marker);
            _marker = marker;
            BeginDisruption();
            return;
        }
        if (!InDisruption)
        {
            _stateMachine.Update(DisruptionState.Reliable);
        }
    }

    // Under _gate.
    private void BeginDisruption()
    {
        _resetRequested = true;
        _stateMachine.Update(DisruptionState.Disrupted);
        // Published now, before chronyd is asked anything.
        Publish(_clock.MonotonicCoarseNanoseconds());
    }

    private bool TryTakeSample(out TrackingSample sample, out string? error)
    {
        TrackingReport report;
        try
        {
            report = _chrony.GetTracking();
        }
        catch (ChronyException e)
        {
            sample = default;
            error = $"chronyd tracking query failed: {e.Message}";
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            sample = default;
            error = $"chronyd tracking query failed: {e.GetType().Name}: {e.Message}";
            return false;
        }
        // Realtime after the reply: a later "now" only makes ref_time look older (safer).
        return _evaluator.TryEvaluate(report, _clock.RealtimeNanoseconds(), out sample, out error);
    }

    private void ApplySample(long asOf, bool good, in TrackingSample sample, string? error)
    {
        ChronyClockStatus previous = _stateMachine.Chrony;
        ChronyClockStatus fed;
        if (good)
        {
            if (_failedSamples > 0)
            {
                Log.SamplesRecovered(_logger, _failedSamples);
                _failedSamples = 0;
                _lastSampleError = null;
            }
            fed = sample.Status;
            if (sample.Status == ChronyClockStatus.Synchronized)
            {
                _hasGoodSample = true;
                _goodAsOf = asOf;
                _goodBound = sample.BoundNanoseconds;
            }
        }
        else
        {
            _failedSamples++;
            bool recent = _hasGoodSample && asOf - _goodAsOf < DaemonTiming.FreeRunningGraceNanoseconds;
            fed = recent ? ChronyClockStatus.FreeRunning : ChronyClockStatus.Unknown;
            if (!string.Equals(error, _lastSampleError, StringComparison.Ordinal))
            {
                // Once per distinct reason, not every 100 ms.
                Log.SampleFailed(_logger, error ?? "unknown error", fed);
                _lastSampleError = error;
            }
        }
        _stateMachine.Update(fed);
        if (fed != previous)
        {
            Log.ChronyStatusChanged(_logger, previous, fed);
        }
    }

    private void AdvanceReset(long deadline, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_resetRequested)
            {
                _resetRequested = false;
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
            if (_resetRequested)
            {
                // A new disruption arrived meanwhile: the next iteration resets again.
                return;
            }
            if (_forcedDisruption)
            {
                Log.ResetDoneButHeld(_logger);
                return;
            }
            Log.ResetCompleted(_logger);
            // Everything sampled until now predates the reset: stale, never to be trusted. Left
            // in place, the last chrony status (typically Synchronized: chronyd was still synced
            // on its old data) would turn Unknown into Synchronized at the next Reliable marker
            // read, and chronyd's unsynchronised report that follows into FreeRunning,
            // extrapolating the pre-disruption bound. So forget both: only a Synchronized sample
            // taken after the reset leads out of Unknown.
            _stateMachine.Update(ChronyClockStatus.Unknown);
            _hasGoodSample = false;
            _stateMachine.Update(DisruptionState.Unknown);
        }
    }

    // Under _gate. currentAsOf stands in for as_of while no good sample exists.
    private void Publish(long currentAsOf)
    {
        ClockStatus status = _stateMachine.State;
        long asOf = _hasGoodSample ? _goodAsOf : currentAsOf;
        var value = new ClockErrorBound
        {
            AsOfNanoseconds = asOf,
            VoidAfterNanoseconds = asOf + DaemonTiming.VoidAfterNanoseconds,
            BoundNanoseconds = _hasGoodSample ? _goodBound : NoSampleBoundNanoseconds,
            MaxDriftPpb = _settings.MaxDriftPpb,
            Status = status,
            DisruptionMarker = _marker,
            DisruptionSupportEnabled = DisruptionSupportEnabled,
        };
        try
        {
            _sink.Write(value);
            _writeFailing = false;
        }
        catch (Exception e) when (e is ArgumentException or ObjectDisposedException or IOException)
        {
            if (!_writeFailing)
            {
                Log.SegmentWriteFailed(_logger, e.Message);
                _writeFailing = true;
            }
        }
        if (!_publishedOnce || status != _publishedStatus)
        {
            Log.StatusPublished(_logger, _publishedOnce ? _publishedStatus.ToString() : "(start)", status, _stateMachine.Chrony, _stateMachine.Disruption,
                value.BoundNanoseconds);
            _publishedStatus = status;
            _publishedOnce = true;
        }
    }
}
