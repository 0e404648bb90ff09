using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary><c>clockboundctl tracking</c>: asks chronyd for its tracking report (our own codec, not chronyc) and prints it.</summary>
internal static class TrackingCommand
{
    /// <summary>The client socket is <c>DIR/clockboundctl.PID.sock</c>, apart from the daemon's <c>clockbound.PID.sock</c>.</summary>
    public const string ClientSocketPrefix = ChronyAccess.ClientSocketPrefix;

    /// <summary>Runs the command; returns its exit code (<see cref="CtlExitCodes"/>).</summary>
    public static int Run(TrackingSettings settings, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ClientSocketDirectory is string directory && !Directory.Exists(directory))
        {
            // Binding there would fail with the runtime's misleading "Cannot assign requested address".
            error.WriteLine($"clockboundctl: error: --client-socket-dir {directory}: no such directory");
            return CtlExitCodes.RuntimeError;
        }

        TrackingReport report;
        try
        {
            report = ChronyAccess.GetTracking(new ChronyTarget(settings.ChronySocketPath, settings.ClientSocketDirectory, settings.Timeout));
        }
        catch (ChronyException e)
        {
            error.WriteLine($"clockboundctl: error: {ErrorText.Describe(e)}");
            return CtlExitCodes.RuntimeError;
        }

        TrackingBound bound = TrackingBound.For(report);
        output.Write(settings.Json
            ? TrackingFormatter.FormatJson(report, bound, settings.ChronySocketPath) + "\n"
            : TrackingFormatter.FormatText(report, bound));
        return CtlExitCodes.Success;
    }
}
