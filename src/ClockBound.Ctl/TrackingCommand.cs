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

        var target = new ChronyTarget(settings.ChronySocketPath, settings.ClientSocketDirectory, settings.Timeout, settings.UdpPort);
        ChronyQueryResult<TrackingReport> result;
        try
        {
            result = ChronyAccess.GetTracking(target);
        }
        catch (ChronyException e)
        {
            error.WriteLine($"clockboundctl: error: {ErrorText.Describe(e, ChronyAccess.Fix(e, target))}");
            return CtlExitCodes.RuntimeError;
        }

        TrackingReport report = result.Value;
        TrackingBound bound = TrackingBound.For(report);
        ChronyWay way = ChronyWay.Of(result);
        output.Write(settings.Json
            ? TrackingFormatter.FormatJson(report, bound, settings.ChronySocketPath, way) + "\n"
            : TrackingFormatter.FormatText(report, bound));
        if (!settings.Json && way.UdpNote is string note)
        {
            // stdout keeps chronyc's layout; the way it came is for the reader.
            error.WriteLine($"clockboundctl: note: asked chronyd {note}");
        }
        return CtlExitCodes.Success;
    }
}
