namespace ClockBound.Ctl;

/// <summary><c>clockboundctl status</c>: the segment in words and chronyd's state. Exit 1 when a client cannot read the segment (the rest is still printed).</summary>
internal static class StatusCommand
{
    /// <summary>Runs the command; returns its exit code.</summary>
    public static int Run(string segmentPath, string chronySocketPath, bool json, TextWriter output, int chronyUdpPort = Chrony.ChronyUdpConnection.DefaultPort)
    {
        SegmentFacts segment = SegmentFacts.Gather(segmentPath);
        ChronyFacts chrony = ChronyFacts.Gather(chronySocketPath, chronyUdpPort);
        StatusDaemonFacts daemon = StatusDaemonFacts.Gather(segmentPath);
        output.Write(json ? StatusFormatter.FormatJson(segment, chrony, daemon) + "\n" : StatusFormatter.FormatText(segment, chrony, daemon));
        return segment.Reading is null ? CtlExitCodes.RuntimeError : CtlExitCodes.Success;
    }
}
