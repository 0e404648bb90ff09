using ClockBound.Chrony;
using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>
/// After a clock disruption: RESET_SOURCES (up to 1 + 29 attempts, 5 ms apart), then BURST
/// 4 good / 8 total (up to 1 + 29 attempts, 100 ms apart); if a phase runs out of attempts,
/// wait 10 s and start again with RESET_SOURCES, until both succeed.
/// </summary>
/// <remarks>
/// It is a step machine the loop advances a slice at a time (<see cref="Advance"/>), never a
/// blocking call: attempts that fall due are made, and it sleeps between attempts only while
/// the next one is due before the slice's deadline. So the loop keeps publishing the segments
/// every poll interval however long chronyd stays unreachable. Used by the loop's thread only.
/// </remarks>
internal sealed class ChronyResetProcedure(ILogger logger)
{
    private enum Phase
    {
        Idle,
        ResettingSources,
        Bursting,
        BackingOff,
    }

    private Phase _phase = Phase.Idle;
    private int _failures;
    private long _dueAt;

    /// <summary>True from <see cref="Start"/> until both commands have succeeded.</summary>
    public bool IsActive => _phase != Phase.Idle;

    /// <summary>Total chronyd commands attempted (for diagnostics and tests).</summary>
    public int Attempts { get; private set; }

    /// <summary>(Re)starts from RESET_SOURCES, the first attempt due at once.</summary>
    public void Start(long nowNanoseconds)
    {
        _phase = Phase.ResettingSources;
        _failures = 0;
        _dueAt = nowNanoseconds;
    }

    /// <summary>
    /// Makes the attempts that are due, sleeping between them only while the next is due before
    /// <paramref name="deadlineNanoseconds"/> (monotonic). Returns true when the procedure has
    /// just completed (both commands succeeded).
    /// </summary>
    public bool Advance(IChronyControl chrony, IDaemonClock clock, long deadlineNanoseconds, CancellationToken cancellationToken)
    {
        while (_phase != Phase.Idle && !cancellationToken.IsCancellationRequested)
        {
            long now = clock.MonotonicCoarseNanoseconds();
            if (_dueAt > now)
            {
                if (_dueAt >= deadlineNanoseconds)
                {
                    return false;
                }
                clock.Sleep(TimeSpan.FromTicks((_dueAt - now + 99) / 100), cancellationToken);
                continue;
            }
            switch (_phase)
            {
                case Phase.BackingOff:
                    Log.ResetRestarting(logger);
                    _phase = Phase.ResettingSources;
                    _failures = 0;
                    break;

                case Phase.ResettingSources:
                    if (TryCommand(chrony, Phase.ResettingSources, out string? resetError))
                    {
                        Log.ResetSourcesDone(logger);
                        _phase = Phase.Bursting;
                        _failures = 0;
                        _dueAt = clock.MonotonicCoarseNanoseconds();
                    }
                    else
                    {
                        OnFailure(clock, "RESET_SOURCES", resetError, DaemonTiming.ResetSourcesRetries, DaemonTiming.ResetSourcesRetryDelayNanoseconds);
                    }
                    break;

                case Phase.Bursting:
                    if (TryCommand(chrony, Phase.Bursting, out string? burstError))
                    {
                        _phase = Phase.Idle;
                        return true;
                    }
                    OnFailure(clock, "BURST", burstError, DaemonTiming.BurstRetries, DaemonTiming.BurstRetryDelayNanoseconds);
                    break;
            }
        }
        return false;
    }

    // The phase names the command (no delegate: nothing allocated per attempt).
    private bool TryCommand(IChronyControl chrony, Phase phase, out string? error)
    {
        Attempts++;
        string name = phase == Phase.ResettingSources ? "RESET_SOURCES" : "BURST";
        try
        {
            if (phase == Phase.ResettingSources)
            {
                chrony.ResetSources();
            }
            else
            {
                chrony.Burst(DaemonTiming.BurstGoodSamples, DaemonTiming.BurstTotalSamples);
            }
            error = null;
            return true;
        }
        catch (ChronyException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever else the connection throws, the answer is the same: retry later.
            error = $"{e.GetType().Name}: {e.Message}";
        }
        Log.ResetCommandFailed(logger, name, _failures + 1, error);
        return false;
    }

    private void OnFailure(IDaemonClock clock, string command, string? error, int retries, long retryDelay)
    {
        _failures++;
        long now = clock.MonotonicCoarseNanoseconds();
        if (_failures > retries)
        {
            Log.ResetRoundFailed(logger, command, _failures, error, DaemonTiming.ResetBackoffNanoseconds / DaemonTiming.NanosecondsPerSecond);
            _phase = Phase.BackingOff;
            _dueAt = now + DaemonTiming.ResetBackoffNanoseconds;
        }
        else
        {
            _dueAt = now + retryDelay;
        }
    }
}
