namespace ClockBound.Ctl;

/// <summary><c>clockboundctl doctor</c>: gathers the facts, prints one line per check, exits 0, 1 or 2 (<see cref="DoctorChecks.ExitCode"/>).</summary>
internal static class DoctorCommand
{
    /// <summary>The VMClock device the daemon watches by default.</summary>
    public const string DefaultVMClockPath = "/dev/vmclock0";

    /// <summary>Runs the command; returns its exit code.</summary>
    public static int Run(DoctorSettings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ChronyConf? conf = null;
        string? confError = null;
        try
        {
            conf = ChronyConfLoader.Load(settings.ChronyConfPath, DiskConfFiles.Instance);
        }
        catch (ChronyConfException e)
        {
            confError = e.Message;
        }

        IReadOnlyList<DaemonCommandLineFacts> daemons = DaemonProcesses.Find();
        var facts = new DoctorFacts(
            SegmentFacts.Gather(settings.SegmentPath),
            ChronyFacts.Gather(settings.ChronySocketPath, settings.ChronyUdpPort),
            conf,
            confError,
            daemons,
            settings.VMClockPath,
            File.Exists(settings.VMClockPath))
        {
            DaemonSocketAccess = DaemonSocketAccessFacts.Gather(settings.ChronySocketPath, settings.DaemonUser, daemons, settings.SegmentPath),
        };
        IReadOnlyList<DoctorCheck> checks = DoctorChecks.Run(facts);
        foreach (DoctorCheck check in checks)
        {
            output.WriteLine(check.ToString());
        }
        return DoctorChecks.ExitCode(checks);
    }
}
