namespace ClockBound.Ctl;

/// <summary><c>clockboundctl now</c>: opens the segment, takes one reading, prints it.</summary>
internal static class NowCommand
{
    /// <summary>Runs the command; returns its exit code (<see cref="CtlExitCodes"/>).</summary>
    public static int Run(string segmentPath, bool json, TextWriter output, TextWriter error)
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
        return CtlExitCodes.Success;
    }
}
