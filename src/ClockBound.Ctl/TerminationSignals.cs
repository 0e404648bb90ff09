using System.Runtime.InteropServices;

namespace ClockBound.Ctl;

/// <summary>
/// While registered, SIGINT (Ctrl-C) and SIGTERM cancel a token instead of killing the process,
/// so <c>watch</c> can finish its line, release the segment and exit 0.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    private TerminationSignals(CancellationTokenSource source)
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Handle(context, source));
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Handle(context, source));
    }

    /// <summary>Routes SIGINT and SIGTERM to <paramref name="source"/> until disposed.</summary>
    public static TerminationSignals Register(CancellationTokenSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new TerminationSignals(source);
    }

    /// <summary>Restores the default handling.</summary>
    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }

    private static void Handle(PosixSignalContext context, CancellationTokenSource source)
    {
        context.Cancel = true;
        source.Cancel();
    }
}
