using System.Runtime.InteropServices;

namespace ClockBound.Daemon;

/// <summary>
/// The signals the daemon handles and the runtime's handlers for them. SIGTERM and SIGINT stop it;
/// SIGUSR1 forces a clock disruption, SIGUSR2 ends it; SIGHUP is logged and changes nothing.
/// Every handler cancels the default action (for all five that would terminate the process).
/// </summary>
/// <remarks>
/// The runtime runs each SIGUSR1/SIGUSR2/SIGHUP handler as its own thread-pool work item, so two
/// signals sent back to back can run in either order. The daemon therefore normally reads its
/// signals from a signalfd instead (<see cref="OrderedSignalReader"/>); these handlers stay
/// registered as the fallback for a signal that still reaches a thread that does not block it.
/// Dispose to restore the defaults.
/// </remarks>
internal sealed class DaemonSignals : IDisposable
{
    /// <summary>SIGHUP.</summary>
    public const int SigHup = 1;

    /// <summary>SIGINT.</summary>
    public const int SigInt = 2;

    /// <summary>SIGUSR1 on Linux x86-64 and arm64 (the raw number: PosixSignal has no name for it).</summary>
    public const int SigUsr1 = 10;

    /// <summary>SIGUSR2 on Linux x86-64 and arm64.</summary>
    public const int SigUsr2 = 12;

    /// <summary>SIGTERM.</summary>
    public const int SigTerm = 15;

    private readonly PosixSignalRegistration[] _registrations;

    private DaemonSignals(PosixSignalRegistration[] registrations) => _registrations = registrations;

    /// <summary>Every signal the daemon handles.</summary>
    public static ReadOnlySpan<int> Handled => [SigHup, SigInt, SigUsr1, SigUsr2, SigTerm];

    /// <summary>The signal's name, e.g. <c>SIGTERM</c>.</summary>
    public static string Name(int signal) => signal switch
    {
        SigHup => "SIGHUP",
        SigInt => "SIGINT",
        SigUsr1 => "SIGUSR1",
        SigUsr2 => "SIGUSR2",
        SigTerm => "SIGTERM",
        _ => $"signal {signal}",
    };

    /// <summary>Registers the runtime handlers for all of <see cref="Handled"/>, each calling <paramref name="onSignal"/> with its number.</summary>
    public static DaemonSignals Register(Action<int> onSignal)
    {
        ArgumentNullException.ThrowIfNull(onSignal);
        var registrations = new PosixSignalRegistration[Handled.Length];
        for (int i = 0; i < registrations.Length; i++)
        {
            int signal = Handled[i];
            registrations[i] = PosixSignalRegistration.Create(ToPosixSignal(signal), context =>
            {
                context.Cancel = true;
                onSignal(signal);
            });
        }
        return new DaemonSignals(registrations);
    }

    /// <summary>
    /// Registers the handlers with one callback per meaning. <paramref name="onStop"/> gets the
    /// signal's name; the handlers run on a runtime thread, not the loop's.
    /// </summary>
    public static DaemonSignals Register(Action<string> onStop, Action onUsr1, Action onUsr2, Action? onHangup = null)
    {
        ArgumentNullException.ThrowIfNull(onStop);
        ArgumentNullException.ThrowIfNull(onUsr1);
        ArgumentNullException.ThrowIfNull(onUsr2);
        return Register(signal =>
        {
            switch (signal)
            {
                case SigUsr1: onUsr1(); break;
                case SigUsr2: onUsr2(); break;
                case SigHup: onHangup?.Invoke(); break;
                default: onStop(Name(signal)); break;
            }
        });
    }

    /// <summary>Restores the default handling of the signals.</summary>
    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private static PosixSignal ToPosixSignal(int signal) => signal switch
    {
        SigHup => PosixSignal.SIGHUP,
        SigInt => PosixSignal.SIGINT,
        SigTerm => PosixSignal.SIGTERM,
        _ => (PosixSignal)signal,
    };
}
