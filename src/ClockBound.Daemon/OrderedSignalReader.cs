using ClockBound.Interop;

namespace ClockBound.Daemon;

/// <summary>
/// Reads the daemon's signals from a signalfd on one thread, so they are handled in the order the
/// kernel queued them (the runtime's own handlers may run two back-to-back signals in either order).
/// </summary>
/// <remarks>
/// A signalfd only sees a signal that every thread blocks, and a thread's mask is inherited from
/// the thread that created it; the runtime's threads exist before <c>Main</c>. So the first thing
/// <c>Program</c> does is block the signals and run itself again (<c>execv</c>, same pid and
/// arguments): the new image starts with them blocked, so every thread the runtime creates has
/// them blocked too. Nothing is lost meanwhile: a blocked signal stays pending across exec.
/// </remarks>
internal static class OrderedSignalReader
{
    /// <summary>
    /// Makes sure the process started with <see cref="DaemonSignals.Handled"/> blocked, re-executing
    /// it once if not (does not return then). Returns null when signals can be read in order, else
    /// why not (the daemon then runs on the runtime's handlers, possibly out of order).
    /// </summary>
    public static string? EnsureBlockedSinceStart()
    {
        if (ProcessSignals.AreBlocked(DaemonSignals.Handled))
        {
            return null;
        }
        ProcessSignals.Block(DaemonSignals.Handled);
        try
        {
            ProcessImage.ExecuteSelfAgain();
            return "execv returned"; // not reached: it throws when it fails
        }
        catch (Exception e) when (e is SystemCallException or IOException or UnauthorizedAccessException)
        {
            ProcessSignals.Unblock(DaemonSignals.Handled);
            return $"cannot re-execute the daemon with its signals blocked ({e.Message})";
        }
    }

    /// <summary>
    /// Starts the reading thread; every signal read goes to <paramref name="onSignal"/>, on that
    /// thread, in order. Returns null, or why it cannot (nothing was started then). Should a read
    /// ever fail, <paramref name="onFailure"/> gets the reason and reading ends: the signals stay
    /// blocked, so the caller must stop the daemon rather than run on deaf to SIGTERM.
    /// </summary>
    public static string? Start(Action<int> onSignal, Action<string> onFailure)
    {
        ArgumentNullException.ThrowIfNull(onSignal);
        ArgumentNullException.ThrowIfNull(onFailure);
        SignalFile file;
        try
        {
            file = SignalFile.Open(DaemonSignals.Handled);
        }
        catch (SystemCallException e)
        {
            return e.Message;
        }
        var thread = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    onSignal(file.Read());
                }
            }
            catch (SystemCallException e)
            {
                onFailure(e.Message);
            }
        })
        {
            IsBackground = true,
            Name = "clockbound signals",
        };
        thread.Start();
        return null;
    }
}
