using ClockBound.VMClock;
using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>
/// The disruption input of the state machine (daemon.md, "Disruption sources"): the VMClock
/// marker read each loop, and the hold SIGUSR1 starts and SIGUSR2 ends. From the start of a
/// disruption until chronyd's sources have been reset (and no hold is active) it feeds nothing,
/// so the state machine stays Disrupted. Not thread-safe: the loop calls it under its lock.
/// </summary>
internal sealed class DisruptionTracker
{
    private readonly IDisruptionMarkerSource? _source;
    private readonly LogRateLimiter _limiter;
    private readonly ILogger _logger;
    private bool _haveMarker;
    private bool _forced;
    private bool _resetRequested;

    /// <summary>Disruption support is on exactly when <paramref name="source"/> is given.</summary>
    public DisruptionTracker(IDisruptionMarkerSource? source, LogRateLimiter limiter, ILogger logger)
    {
        _source = source;
        _limiter = limiter;
        _logger = logger;
    }

    /// <summary>Whether the VMClock is watched and SIGUSR1/SIGUSR2 are honoured.</summary>
    public bool Enabled => _source is not null;

    /// <summary>The marker last read (0 before the first read), published in the segment.</summary>
    public ulong Marker { get; private set; }

    /// <summary>
    /// Step 1: reads the marker. Returns the disruption state to feed: Disrupted when a new
    /// disruption starts (publish it at once), Reliable, or Unknown (marker unreadable); or null
    /// to feed nothing (no support, or a disruption still being handled).
    /// </summary>
    /// <param name="resetActive">Whether chronyd's sources are still being reset.</param>
    public DisruptionState? Poll(bool resetActive)
    {
        if (_source is null)
        {
            return null;
        }
        bool inDisruption = _forced || _resetRequested || resetActive;
        ulong marker;
        try
        {
            marker = _source.ReadMarker();
        }
        catch (VMClockException e)
        {
            if (_limiter.ShouldLog(LogReason.DisruptionSourceFailed, out int suppressed))
            {
                Log.DisruptionSourceFailed(_logger, _source.Description, e.Message, suppressed);
            }
            return inDisruption ? null : DisruptionState.Unknown;
        }
        if (_limiter.Clear(LogReason.DisruptionSourceFailed, out int failures))
        {
            Log.DisruptionSourceRecovered(_logger, _source.Description, failures);
        }

        if (!_haveMarker)
        {
            // The first marker seen is the daemon's starting point, not a disruption.
            _haveMarker = true;
            Marker = marker;
            Log.InitialDisruptionMarker(_logger, marker, _source.Description);
        }
        else if (marker != Marker)
        {
            Log.DisruptionDetected(_logger, Marker, marker);
            Marker = marker;
            _resetRequested = true;
            return DisruptionState.Disrupted;
        }
        return inDisruption ? null : DisruptionState.Reliable;
    }

    /// <summary>SIGUSR1: starts (or renews) the hold. Returns true when Disrupted is to be fed and published now.</summary>
    public bool ForceStart()
    {
        if (_source is null)
        {
            if (_limiter.ShouldLog(LogReason.Sigusr1Ignored, out int suppressed))
            {
                Log.SignalIgnored(_logger, "SIGUSR1", suppressed);
            }
            return false;
        }
        if (!_forced)
        {
            Log.ForcedDisruptionStarted(_logger);
        }
        else if (_limiter.ShouldLog(LogReason.ForcedDisruptionRepeated, out int suppressed))
        {
            Log.ForcedDisruptionRepeated(_logger, suppressed);
        }
        _forced = true;
        // Again on a repeat: the clock may have moved since the last reset.
        _resetRequested = true;
        return true;
    }

    /// <summary>SIGUSR2: ends the hold; chronyd's sources are reset again before Disrupted can end.</summary>
    public void ForceEnd()
    {
        if (_source is null)
        {
            if (_limiter.ShouldLog(LogReason.Sigusr2Ignored, out int ignored))
            {
                Log.SignalIgnored(_logger, "SIGUSR2", ignored);
            }
            return;
        }
        if (!_forced)
        {
            if (_limiter.ShouldLog(LogReason.NoForcedDisruption, out int suppressed))
            {
                Log.NoForcedDisruption(_logger, suppressed);
            }
            return;
        }
        Log.ForcedDisruptionEnded(_logger);
        _limiter.Clear(LogReason.ForcedDisruptionRepeated, out _);
        _forced = false;
        _resetRequested = true;
    }

    /// <summary>Takes a pending request to reset chronyd's sources (true once per request).</summary>
    public bool TakeResetRequest()
    {
        bool requested = _resetRequested;
        _resetRequested = false;
        return requested;
    }

    /// <summary>
    /// chronyd's sources were reset. Returns true when the disruption is over (feed Unknown, forget
    /// what was sampled before); false while a hold or a newer disruption keeps it.
    /// </summary>
    public bool OnResetCompleted()
    {
        if (_resetRequested)
        {
            // A new disruption arrived meanwhile: the next iteration resets again.
            return false;
        }
        if (_forced)
        {
            Log.ResetDoneButHeld(_logger);
            return false;
        }
        Log.ResetCompleted(_logger);
        return true;
    }
}
