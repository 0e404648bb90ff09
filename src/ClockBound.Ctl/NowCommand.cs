namespace ClockBound.Ctl;

/// <summary><c>clockboundctl now</c>: opens the segment, takes one reading, prints it.</summary>
internal static class NowCommand
{
    /// <summary>
    /// Runs the command; returns its exit code (<see cref="CtlExitCodes"/>). With
    /// <paramref name="requireReliable"/>, a reading that is Unknown or Disrupted is still printed,
    /// then the exit is <see cref="CtlExitCodes.NotReliable"/>.
    /// </summary>
    public static int Run(string segmentPath, bool json, TextWriter output, TextWriter error, bool requireReliable = false)
    {
        ClockBoundNow now;
        string path;
        int version;
        try
        {
            using ClockBoundClient client = ClockBoundClient.Open(segmentPath);
            now = client.Now();
            path = client.Path;
            version = client.SegmentVersion;
        }
        catch (ClockBoundException e)
        {
            error.WriteLine($"clockboundctl: error: {ErrorText.Describe(e)}");
            return CtlExitCodes.RuntimeError;
        }

        output.Write(json ? NowFormatter.FormatJson(now, path, version) + "\n" : NowFormatter.FormatText(now, path, version));
        if (requireReliable && !now.IsReliable)
        {
            error.WriteLine($"clockboundctl: the reading is not reliable: the status is {NowFormatter.StatusName(now.Status)} (--require-reliable)");
            return CtlExitCodes.NotReliable;
        }
        return CtlExitCodes.Success;
    }
}
