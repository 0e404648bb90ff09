namespace ClockBound.Ctl;

/// <summary>
/// <c>clockboundctl status</c>: the segment in words and chronyd's state. Exit 1 when a client
/// cannot read the segment (the rest is still printed); with <c>--require-publishing</c>, exit 3
/// when the segment is readable but nothing is writing it (a liveness probe's question).
/// </summary>
internal static class StatusCommand
{
    /// <summary>Runs the command; returns its exit code (<see cref="CtlExitCodes"/>).</summary>
    public static int Run(string segmentPath, string chronySocketPath, bool json, TextWriter output, TextWriter error,
        int chronyUdpPort = Chrony.ChronyUdpConnection.DefaultPort, bool requirePublishing = false)
    {
        SegmentFacts segment = SegmentFacts.Gather(segmentPath);
        ChronyFacts chrony = ChronyFacts.Gather(chronySocketPath, chronyUdpPort);
        StatusDaemonFacts daemon = StatusDaemonFacts.Gather(segmentPath);
        output.Write(json ? StatusFormatter.FormatJson(segment, chrony, daemon) + "\n" : StatusFormatter.FormatText(segment, chrony, daemon));
        if (segment.Reading is null)
        {
            return CtlExitCodes.RuntimeError;
        }
        if (requirePublishing && segment.Publishing != true)
        {
            error.WriteLine($"clockboundctl: nothing wrote {segmentPath} for {SegmentFacts.PublishingWatch.TotalSeconds:0.0} s: "
                + "the daemon is not running or its loop is stalled (--require-publishing)");
            return CtlExitCodes.NotPublishing;
        }
        return CtlExitCodes.Success;
    }
}
