namespace ClockBound.Daemon;

/// <summary>
/// Takes the daemon's signals from wherever they are read (<see cref="OrderedSignalReader"/>, or
/// the runtime's handlers) and hands them on in the order they came:
/// <list type="bullet">
/// <item>SIGTERM/SIGINT at once, on the calling thread: stopping must work even when the loop is stuck.</item>
/// <item>SIGUSR1, SIGUSR2 and SIGHUP through one queue drained by one thread, so their order is
/// kept and the caller never waits for the loop.</item>
/// </list>
/// Signals that arrive before their target is attached are kept, in order, and delivered on
/// attach; after <see cref="Detach"/> (shutdown) they are dropped. Thread-safe.
/// </summary>
internal sealed class DaemonSignalRelay
{
    private readonly object _gate = new(); // a monitor: the drain thread waits on it
    private readonly Queue<int> _queue = new();
    private string? _pendingStop;
    private Action<string>? _onStop;
    private DaemonLoop? _loop;
    private Action<string>? _onHangup;
    private bool _detached;
    private bool _delivering;
    private Thread? _worker;

    /// <summary>Registers the runtime's handlers for the daemon's signals with this relay; dispose to restore the defaults.</summary>
    public DaemonSignals Register() => DaemonSignals.Register(OnSignal);

    /// <summary>A signal, by number; returns at once.</summary>
    public void OnSignal(int signal)
    {
        if (signal is DaemonSignals.SigTerm or DaemonSignals.SigInt)
        {
            OnStop(DaemonSignals.Name(signal));
            return;
        }
        lock (_gate)
        {
            if (_detached)
            {
                return;
            }
            _queue.Enqueue(signal);
            if (_worker is null)
            {
                _worker = new Thread(Drain) { IsBackground = true, Name = "clockbound signal relay" };
                _worker.Start();
            }
            Monitor.PulseAll(_gate);
        }
    }

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
    public void OnUsr1() => OnSignal(DaemonSignals.SigUsr1);

    /// <summary>SIGUSR2.</summary>
    public void OnUsr2() => OnSignal(DaemonSignals.SigUsr2);

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

    /// <summary>
    /// SIGUSR1/SIGUSR2 go to <paramref name="loop"/> and SIGHUP to <paramref name="onHangup"/>
    /// (with the signal's name) from now on; those that came earlier follow first, in order.
    /// </summary>
    public void Attach(DaemonLoop loop, Action<string> onHangup)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(onHangup);
        lock (_gate)
        {
            _loop = loop;
            _onHangup = onHangup;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Waits until every signal queued so far has been handed on (or dropped), up to
    /// <paramref name="timeout"/>; returns whether it was. For tests.
    /// </summary>
    internal bool WaitUntilDrained(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (_queue.Count > 0 || _delivering)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0 || !Monitor.Wait(_gate, (int)left))
                {
                    return _queue.Count == 0 && !_delivering;
                }
            }
            return true;
        }
    }

    /// <summary>
    /// Shutdown: from now on signals are dropped, so none touches what is being released. Waits up
    /// to <paramref name="timeout"/> for a delivery in progress to finish; returns false if it did
    /// not (it is stuck on the loop, so what the loop uses must not be released).
    /// </summary>
    public bool Detach(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            _detached = true;
            _onStop = null;
            _loop = null;
            _onHangup = null;
            _pendingStop = null;
            _queue.Clear();
            Monitor.PulseAll(_gate);
            while (_delivering)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0 || !Monitor.Wait(_gate, (int)left))
                {
                    return !_delivering;
                }
            }
            return true;
        }
    }

    private void Drain()
    {
        while (true)
        {
            int signal;
            DaemonLoop loop;
            Action<string> onHangup;
            lock (_gate)
            {
                while (!_detached && (_queue.Count == 0 || _loop is null))
                {
                    Monitor.Wait(_gate);
                }
                if (_detached)
                {
                    _worker = null;
                    return;
                }
                signal = _queue.Dequeue();
                loop = _loop!;
                onHangup = _onHangup!;
                _delivering = true;
            }
            try
            {
                // Outside the relay's lock: the loop's own lock may be held for a segment write.
                switch (signal)
                {
                    case DaemonSignals.SigUsr1: loop.OnForcedDisruptionStart(); break;
                    case DaemonSignals.SigUsr2: loop.OnForcedDisruptionEnd(); break;
                    default: onHangup(DaemonSignals.Name(signal)); break;
                }
            }
            finally
            {
                lock (_gate)
                {
                    _delivering = false;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
