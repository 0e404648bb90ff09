using System.Runtime.InteropServices;

namespace ClockBound.Daemon;

/// <summary>
/// The daemon's signal handling: SIGTERM and SIGINT stop it cleanly; SIGUSR1 forces a clock
/// disruption, SIGUSR2 ends it. Every handler cancels the default action (for SIGUSR1/SIGUSR2
/// that would terminate the process). Dispose to restore the defaults.
/// </summary>
internal sealed class DaemonSignals : IDisposable
{
    /// <summary>SIGUSR1 on Linux x86-64 and arm64 (the raw number: PosixSignal has no name for it).</summary>
    public const int SigUsr1 = 10;

    /// <summary>SIGUSR2 on Linux x86-64 and arm64.</summary>
    public const int SigUsr2 = 12;

    private readonly PosixSignalRegistration[] _registrations;

    private DaemonSignals(PosixSignalRegistration[] registrations) => _registrations = registrations;

    /// <summary>
    /// Registers the handlers. <paramref name="onStop"/> gets the signal's name; the handlers
    /// run on a runtime thread, not the loop's.
    /// </summary>
    public static DaemonSignals Register(Action<string> onStop, Action onUsr1, Action onUsr2)
    {
        ArgumentNullException.ThrowIfNull(onStop);
        ArgumentNullException.ThrowIfNull(onUsr1);
        ArgumentNullException.ThrowIfNull(onUsr2);
        return new DaemonSignals(
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle(() => onStop("SIGTERM"))),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle(() => onStop("SIGINT"))),
            PosixSignalRegistration.Create((PosixSignal)SigUsr1, Handle(onUsr1)),
            PosixSignalRegistration.Create((PosixSignal)SigUsr2, Handle(onUsr2)),
        ]);
    }

    /// <summary>Restores the default handling of the four signals.</summary>
    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private static Action<PosixSignalContext> Handle(Action action) => context =>
    {
        context.Cancel = true;
        action();
    };
}
