using System.Globalization;
using ClockBound.Chrony;
using ClockBound.Client;
using ClockBound.Shm;

namespace ClockBound.Ctl;

/// <summary>doctor's judgement of the facts: one check per concern, each with the fix. Pure.</summary>
internal static class DoctorChecks
{
    /// <summary>The daemon's drift when the segment cannot tell it: the safe value the docs recommend for <c>-m</c>.</summary>
    public const double AssumedDaemonDriftPpm = 50;

    private const UnixFileMode WorldWritable = UnixFileMode.OtherWrite;
    private const UnixFileMode GroupWritable = UnixFileMode.GroupWrite;

    /// <summary>Every check, in the order printed.</summary>
    public static IReadOnlyList<DoctorCheck> Run(DoctorFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return
        [
            Chronyd(facts.Chrony),
            DaemonSocketAccessCheck.Judge(facts.DaemonSocketAccess),
            MaxClockError(facts),
            Daemon(facts.Segment),
            SegmentFile(facts.Segment),
            SegmentDirectory(facts.Segment),
            PhcBound(facts),
            VMClock(facts),
        ];
    }

    /// <summary>The exit code for <paramref name="checks"/>: 2 if any failed, else 1 if any warned, else 0.</summary>
    public static int ExitCode(IReadOnlyList<DoctorCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return checks.Any(c => c.Outcome == DoctorOutcome.Fail) ? CtlExitCodes.DoctorFail
            : checks.Any(c => c.Outcome == DoctorOutcome.Warn) ? CtlExitCodes.DoctorWarn
            : CtlExitCodes.DoctorPass;
    }

    private static DoctorCheck Chronyd(ChronyFacts chrony)
    {
        const string Topic = "chronyd";
        if (chrony.Tracking is not { } tracking)
        {
            return new(DoctorOutcome.Fail, Topic,
                $"no answer at {chrony.SocketPath} ({chrony.Error}); fix: {chrony.Fix ?? "start chronyd, or pass --chrony-socket PATH (chronyd's bindcmdaddress); as an ordinary user, run doctor as root or chronyd's user"}");
        }
        string leap = TrackingFormatter.LeapStatusText(tracking.LeapStatus);
        string where = StatusFormatter.Where(chrony);
        return tracking.LeapStatus <= 2
            ? new(DoctorOutcome.Pass, Topic, $"answers {where}, leap status {leap}, reference {ReferenceNames.For(tracking)}")
            : new(DoctorOutcome.Warn, Topic, $"answers {where} but is not synchronised (leap status {leap}); fix: check its sources ('clockboundctl sources')");
    }

    private static DoctorCheck MaxClockError(DoctorFacts facts)
    {
        const string Topic = "maxclockerror";
        if (facts.Conf is not { } conf)
        {
            return new(DoctorOutcome.Warn, Topic, $"cannot check: {facts.ConfError}");
        }
        (double daemonPpm, string daemonWhat) = facts.Segment.Snapshot is { } snapshot
            ? (snapshot.Value.MaxDriftPpb / 1000.0, $"the daemon's max drift (-m) of {Ppm(snapshot.Value.MaxDriftPpb / 1000.0)} PPM read from the segment")
            : (AssumedDaemonDriftPpm, $"{Ppm(AssumedDaemonDriftPpm)} PPM (the segment cannot be read, so the recommended -m is assumed)");
        string files = conf.Files.Count == 1 ? conf.MainFile : $"{conf.MainFile} and the {conf.Files.Count - 1} file(s) it includes";
        string problems = conf.Problems.Count == 0 ? "" : $" (not read: {string.Join("; ", conf.Problems)})";
        if (conf.MaxClockError is not { } directive)
        {
            return new(DoctorOutcome.Fail, Topic,
                $"not set in {files}{problems}: chronyd then assumes 1 PPM, less than {daemonWhat}, so its root dispersion undercuts the bound; fix: add 'maxclockerror {Ppm(daemonPpm)}' to {conf.MainFile} and restart chronyd");
        }
        if (ChronyConf.Ppm(directive) is not double ppm)
        {
            return new(DoctorOutcome.Fail, Topic, $"'{string.Join(' ', directive.Arguments)}' at {directive.Where} is not a number; fix: 'maxclockerror {Ppm(daemonPpm)}'");
        }
        return ppm >= daemonPpm
            ? new(DoctorOutcome.Pass, Topic, $"{Ppm(ppm)} PPM at {directive.Where}, at least {daemonWhat}{problems}")
            : new(DoctorOutcome.Fail, Topic, $"{Ppm(ppm)} PPM at {directive.Where} is less than {daemonWhat}; fix: raise it to 'maxclockerror {Ppm(daemonPpm)}' and restart chronyd");
    }

    private static DoctorCheck Daemon(SegmentFacts segment)
    {
        const string Topic = "daemon";
        if (segment.Snapshot is null || segment.Reading is not { } reading)
        {
            return new(DoctorOutcome.Fail, Topic,
                $"cannot read the segment: {segment.Error}; fix: start the daemon (systemctl start clockbound), or pass --shm-path PATH");
        }
        string age = StatusFormatter.AgeText(segment);
        if (segment.Publishing == false)
        {
            return new(DoctorOutcome.Fail, Topic, $"last update {age}; fix: start the daemon (systemctl start clockbound) and read its log (journalctl -u clockbound)");
        }
        if (segment.DataAgeNanoseconds >= NowCalculator.RestartGraceNanoseconds)
        {
            return new(DoctorOutcome.Fail, Topic, $"last update {age}");
        }
        string status = NowFormatter.StatusName(reading.Status);
        return reading.Status == ClockStatus.Synchronized
            ? new(DoctorOutcome.Pass, Topic, $"publishing, {status}, bound {HumanDuration.FormatCeiling(reading.BoundNanoseconds)}, last update {age}")
            : new(DoctorOutcome.Warn, Topic, $"publishing, but the status is {status}; fix: see the chronyd check above and the daemon's log (journalctl -u clockbound)");
    }

    private static DoctorCheck SegmentFile(SegmentFacts segment)
    {
        const string Topic = "segment mode";
        if (segment.File is not { } file)
        {
            return new(DoctorOutcome.Fail, Topic, $"cannot stat {segment.Path}: {segment.FileError}; fix: start the daemon, or pass --shm-path PATH");
        }
        string what = $"{file.Path} is {file.OctalMode}, owner {file.OwnerText}";
        if ((file.Mode & (WorldWritable | GroupWritable)) != 0)
        {
            return new(DoctorOutcome.Fail, Topic, $"{what}: users other than its owner can write the bound every client trusts; fix: chmod 0644 {file.Path}");
        }
        if ((file.Mode & UnixFileMode.OtherRead) == 0)
        {
            return new(DoctorOutcome.Warn, Topic, $"{what}: clients of other users cannot read it; fix: chmod 0644 {file.Path}");
        }
        return new(DoctorOutcome.Pass, Topic, what);
    }

    private static DoctorCheck SegmentDirectory(SegmentFacts segment)
    {
        const string Topic = "directory mode";
        if (segment.Directory is not { } directory)
        {
            return new(DoctorOutcome.Fail, Topic, $"cannot stat the segment's directory: {segment.DirectoryError}");
        }
        string what = $"{directory.Path} is {directory.OctalMode}, owner {directory.OwnerText}";
        bool sticky = (directory.Mode & UnixFileMode.StickyBit) != 0;
        if ((directory.Mode & WorldWritable) != 0 && !sticky)
        {
            return new(DoctorOutcome.Fail, Topic, $"{what}: anyone can replace the segment; fix: chmod 0755 {directory.Path}");
        }
        if ((directory.Mode & WorldWritable) != 0)
        {
            return new(DoctorOutcome.Warn, Topic, $"{what}: anyone can create files beside the segment (the sticky bit keeps them from replacing it); fix: a directory of the daemon's own, mode 0755 (systemd RuntimeDirectory=clockbound)");
        }
        if ((directory.Mode & GroupWritable) != 0)
        {
            return new(DoctorOutcome.Warn, Topic, $"{what}: the group can replace the segment; fix: chmod 0755 {directory.Path}");
        }
        if ((directory.Mode & UnixFileMode.OtherExecute) == 0)
        {
            return new(DoctorOutcome.Warn, Topic, $"{what}: clients of other users cannot reach the segment; fix: chmod 0755 {directory.Path}");
        }
        if (segment.File is { } file && directory.Uid != 0 && directory.Uid != file.Uid)
        {
            return new(DoctorOutcome.Warn, Topic, $"{what}: its owner is neither root nor the segment's owner ({file.OwnerText}) and can replace the segment; fix: chown it to the daemon's user");
        }
        return new(DoctorOutcome.Pass, Topic, what);
    }

    /// <summary>
    /// chronyd's reference is a PHC refclock when the tracking report has no address and its ref id
    /// is one that chrony.conf gives a <c>refclock PHC</c> (or, without a readable chrony.conf,
    /// looks like chronyd's default PHC name, PHC0..PHC9). Then the daemon must add the PHC's own
    /// error bound (<c>-r REFID -i IFACE</c>): the bound alone cannot tell (the term is a few
    /// hundred ns beside chronyd's), so the running daemon's command line is read from /proc.
    /// </summary>
    private static DoctorCheck PhcBound(DoctorFacts facts)
    {
        const string Topic = "PHC bound";
        if (facts.Chrony.Tracking is not { } tracking)
        {
            return new(DoctorOutcome.Warn, Topic, "cannot check: chronyd does not answer (see above)");
        }
        string refId = ReferenceNames.PrintableRefId(tracking.RefId);
        bool noAddress = tracking.Address is null || tracking.AddressFamily == 0;
        bool isPhc;
        string how;
        if (facts.Conf is { } conf)
        {
            isPhc = noAddress && conf.PhcRefIds().Contains(refId, StringComparer.Ordinal);
            how = $"a 'refclock PHC' in {conf.MainFile}";
        }
        else
        {
            isPhc = noAddress && refId.Length == 4 && refId.StartsWith("PHC", StringComparison.Ordinal) && char.IsAsciiDigit(refId[3]);
            how = "its name (chrony.conf unreadable)";
        }
        if (!isPhc)
        {
            return new(DoctorOutcome.Pass, Topic, $"chronyd's reference ({ReferenceNames.For(tracking)}) is not a PHC refclock: no PHC bound to add");
        }

        DaemonCommandLineFacts[] daemons = [.. facts.Daemons.Where(d => d.Writes(facts.Segment.Path))];
        if (daemons.Length == 0)
        {
            return new(DoctorOutcome.Warn, Topic,
                $"chronyd's reference is the PHC refclock {refId} (by {how}), and no clockbound process writing {facts.Segment.Path} is visible here to check; make sure the daemon runs with -r {refId} -i IFACE");
        }
        DaemonCommandLineFacts? without = daemons.FirstOrDefault(d => d.PhcRefId != refId);
        if (without is not null)
        {
            string has = without.PhcRefId is null ? "without -r" : $"with -r {without.PhcRefId}";
            return new(DoctorOutcome.Fail, Topic,
                $"chronyd's reference is the PHC refclock {refId} (by {how}) but the daemon (pid {without.Pid}) runs {has}, so its bound lacks the PHC's error bound; fix: run it with -r {refId} -i IFACE (the PHC's network interface, e.g. eth0)");
        }
        return new(DoctorOutcome.Pass, Topic, $"chronyd's reference is the PHC refclock {refId} and the daemon runs with -r {refId}");
    }

    private static DoctorCheck VMClock(DoctorFacts facts)
    {
        const string Topic = "VMClock";
        if (facts.Segment.Snapshot is not { } snapshot)
        {
            return new(facts.VMClockPresent ? DoctorOutcome.Warn : DoctorOutcome.Pass, Topic,
                facts.VMClockPresent ? $"{facts.VMClockPath} exists; cannot tell whether the daemon watches it (the segment cannot be read)" : $"no {facts.VMClockPath}: not a VM with VMClock");
        }
        if (snapshot.Version == 1)
        {
            return new(DoctorOutcome.Warn, Topic, "a version 1 segment carries no disruption support; fix: pass --shm-path with the version 2 segment (shm0)");
        }
        bool support = snapshot.Value.DisruptionSupportEnabled;
        return (facts.VMClockPresent, support) switch
        {
            (true, true) => new(DoctorOutcome.Pass, Topic, $"{facts.VMClockPath} present and the daemon watches for disruptions"),
            (true, false) => new(DoctorOutcome.Warn, Topic, $"{facts.VMClockPath} present but the daemon's disruption support is off: clients miss VM snapshots and migrations; fix: run the daemon without -d"),
            (false, true) => new(DoctorOutcome.Warn, Topic, $"no {facts.VMClockPath}, yet the daemon's disruption support is on; fix: check the daemon's --vmclock-path"),
            (false, false) => new(DoctorOutcome.Pass, Topic, $"no {facts.VMClockPath} and disruption support off"),
        };
    }

    private static string Ppm(double ppm) => ppm.ToString("0.###", CultureInfo.InvariantCulture);
}
