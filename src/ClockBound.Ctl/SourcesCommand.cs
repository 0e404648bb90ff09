using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary><c>clockboundctl sources</c>: chronyd's sources (N_SOURCES, then SOURCE_DATA for each), printed like <c>chronyc -n sources</c>.</summary>
internal static class SourcesCommand
{
    /// <summary>Runs the command; returns its exit code (<see cref="CtlExitCodes"/>).</summary>
    public static int Run(ChronyTarget target, bool json, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(target);
        ChronyQueryResult<IReadOnlyList<SourceReport>> result;
        try
        {
            result = ChronyAccess.GetSources(target);
        }
        catch (ChronyException e)
        {
            error.WriteLine($"clockboundctl: error: {ErrorText.Describe(e, ChronyAccess.Fix(e, target))}");
            return CtlExitCodes.RuntimeError;
        }
        ChronyWay way = ChronyWay.Of(result);
        output.Write(json ? SourcesFormatter.FormatJson(result.Value, target.SocketPath, way) + "\n" : SourcesFormatter.FormatText(result.Value));
        if (!json && way.UdpNote is string note)
        {
            error.WriteLine($"clockboundctl: note: asked chronyd {note}");
        }
        return CtlExitCodes.Success;
    }
}
