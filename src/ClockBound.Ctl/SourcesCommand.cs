using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary><c>clockboundctl sources</c>: chronyd's sources (N_SOURCES, then SOURCE_DATA for each), printed like <c>chronyc -n sources</c>.</summary>
internal static class SourcesCommand
{
    /// <summary>Runs the command; returns its exit code (<see cref="CtlExitCodes"/>).</summary>
    public static int Run(ChronyTarget target, bool json, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(target);
        IReadOnlyList<SourceReport> sources;
        try
        {
            sources = ChronyAccess.GetSources(target);
        }
        catch (ChronyException e)
        {
            error.WriteLine($"clockboundctl: error: {ErrorText.Describe(e)}");
            return CtlExitCodes.RuntimeError;
        }
        output.Write(json ? SourcesFormatter.FormatJson(sources, target.SocketPath) + "\n" : SourcesFormatter.FormatText(sources));
        return CtlExitCodes.Success;
    }
}
