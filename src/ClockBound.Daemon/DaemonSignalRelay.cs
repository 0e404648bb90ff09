namespace ClockBound.Daemon;

/// <summary>
/// Lets the signal handlers be registered first thing at start-up, before the parts they act on
/// exist: an unhandled SIGUSR1 or SIGUSR2 terminates the process (and a daemon killed that way
/// loses the forced disruption it was asked for). Signals that arrive before their target is
/// attached are kept, in order, and delivered on attach; after <see cref="Detach"/> (shutdown)
/// they are dropped. Thread-safe.
/// </summary>
internal sealed class DaemonSignalRelay
{
    private readonly Lock _gate = new();
    private readonly List<bool> _pendingDisruption = []; // true: SIGUSR1, false: SIGUSR2
    private string? _pendingStop;
    private Action<string>? _onStop;
    private DaemonLoop? _loop;
    private bool _detached;

    /// <summary>Registers SIGTERM, SIGINT, SIGUSR1 and SIGUSR2 with this relay; dispose to restore the defaults.</summary>
    public DaemonSignals Register() => DaemonSignals.Register(OnStop, OnUsr1, OnUsr2);

    /// <summary>SIGTERM or SIGINT (<paramref name="signal"/> names it).</summary>
    public void OnStop(string signal)
    {
        lock (_gate)
        {
            if (_onStop is not null)
            {
                _onStop(signal);
            }
            else if (!_detached)
            {
                _pendingStop ??= signal;
            }
        }
    }

    /// <summary>SIGUSR1.</summary>
    public void OnUsr1() => DeliverDisruption(start: true);

    /// <summary>SIGUSR2.</summary>
    public void OnUsr2() => DeliverDisruption(start: false);

    /// <summary>Stop requests go to <paramref name="onStop"/> from now on; one that came earlier is delivered now.</summary>
    public void AttachStop(Action<string> onStop)
    {
        ArgumentNullException.ThrowIfNull(onStop);
        lock (_gate)
        {
            _onStop = onStop;
            if (_pendingStop is string signal)
            {
                _pendingStop = null;
                onStop(signal);
            }
        }
    }

    /// <summary>SIGUSR1/SIGUSR2 go to <paramref name="loop"/> from now on; those that came earlier are replayed first, in order.</summary>
    public void Attach(DaemonLoop loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        lock (_gate)
        {
            foreach (bool start in _pendingDisruption)
            {
                Forward(loop, start);
            }
            _pendingDisruption.Clear();
            _loop = loop;
        }
    }

    /// <summary>Shutdown: from now on signals are dropped, so none touches what is being released.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _detached = true;
            _onStop = null;
            _loop = null;
            _pendingStop = null;
            _pendingDisruption.Clear();
        }
    }

    private void DeliverDisruption(bool start)
    {
        // Under the lock, so a signal racing with Attach is neither lost nor reordered.
        lock (_gate)
        {
            if (_loop is not null)
            {
                Forward(_loop, start);
            }
            else if (!_detached)
            {
                _pendingDisruption.Add(start);
            }
        }
    }

    private static void Forward(DaemonLoop loop, bool start)
    {
        if (start)
        {
            loop.OnForcedDisruptionStart();
        }
        else
        {
            loop.OnForcedDisruptionEnd();
        }
    }
}
