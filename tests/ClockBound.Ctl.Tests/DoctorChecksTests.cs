using ClockBound.Shm;

namespace ClockBound.Ctl.Tests;

/// <summary>doctor's judging on made-up facts (the gathering is in the integration tests).</summary>
public sealed class DoctorChecksTests
{
    private const long Second = 1_000_000_000;
    private const UnixFileMode Mode0644 = (UnixFileMode)0x1A4;
    private const UnixFileMode Mode0755 = (UnixFileMode)0x1ED;

    private static SegmentFacts Segment(
        uint driftPpb = 50_000, bool publishing = true, long age = Second / 10, bool support = false,
        UnixFileMode fileMode = Mode0644, UnixFileMode directoryMode = Mode0755, uint directoryUid = 0)
    {
        var value = new ClockErrorBound
        {
            AsOfNanoseconds = 1000 * Second,
            VoidAfterNanoseconds = 2000 * Second,
            BoundNanoseconds = 40_000,
            MaxDriftPpb = driftPpb,
            Status = ClockStatus.Synchronized,
            DisruptionSupportEnabled = support,
        };
        var reading = new ClockBoundNow(UnixInstant.FromUnixTimeNanoseconds(1), UnixInstant.FromUnixTimeNanoseconds(80_001), 40_000, age < 5 * Second ? ClockStatus.Synchronized : ClockStatus.FreeRunning);
        return new SegmentFacts("/run/clockbound/shm0", new SegmentSnapshot(value, 2), reading, null, 1000 * Second + age, publishing,
            new FileFacts("/run/clockbound/shm0", fileMode, 0, 0), null, new FileFacts("/run/clockbound", directoryMode, directoryUid, 0), null);
    }

    private static ChronyFacts Chrony(uint refId = 0x7F000001, bool address = true)
    {
        var report = Reports.Synchronized() with { RefId = refId };
        if (!address)
        {
            report = report with { Address = null, AddressFamily = 0 };
        }
        return new ChronyFacts("/run/chrony/chronyd.sock", report, null);
    }

    private static ChronyConf Conf(string text) => new("/etc/chrony/chrony.conf", ChronyConfParser.Parse(text, "/etc/chrony/chrony.conf"), ["/etc/chrony/chrony.conf"], []);

    private static DoctorFacts Facts(SegmentFacts? segment = null, ChronyFacts? chrony = null, string conf = "maxclockerror 50\n",
        IReadOnlyList<DaemonCommandLineFacts>? daemons = null, bool vmclock = false) =>
        new(segment ?? Segment(), chrony ?? Chrony(), Conf(conf), null, daemons ?? [], "/dev/vmclock0", vmclock)
        {
            DaemonSocketAccess = ChronydsUserMayReachTheSocket,
        };

    private static readonly DaemonSocketAccessFacts ChronydsUserMayReachTheSocket = new(
        "/run/chrony/chronyd.sock", new UnixAccount("_chrony", 101, 102, []), "User= in /etc/systemd/system/clockbound.service", null,
        [new("/", Mode0755, 0, 0), new("/run", Mode0755, 0, 0), new("/run/chrony", (UnixFileMode)0x1E8, 101, 102)],
        new("/run/chrony/chronyd.sock", (UnixFileMode)0x1B6, 101, 102), null, new Dictionary<string, string>());

    private static DoctorCheck Check(DoctorFacts facts, string topic) => DoctorChecks.Run(facts).Single(c => c.Topic == topic);

    [Fact]
    public void AHealthyHostPassesEverythingWithExit0()
    {
        IReadOnlyList<DoctorCheck> checks = DoctorChecks.Run(Facts());

        Assert.All(checks, c => Assert.Equal(DoctorOutcome.Pass, c.Outcome));
        Assert.Equal(0, DoctorChecks.ExitCode(checks));
        Assert.Equal(8, checks.Count); // with the daemon user's access to chronyd's socket
    }

    [Fact]
    public void MissingMaxclockerrorFailsWithTheFix()
    {
        DoctorCheck check = Check(Facts(conf: "server a\n"), "maxclockerror");

        Assert.Equal(DoctorOutcome.Fail, check.Outcome);
        Assert.Equal("FAIL  maxclockerror: not set in /etc/chrony/chrony.conf: chronyd then assumes 1 PPM, less than the daemon's max drift (-m) of 50 PPM read from the segment, so its root dispersion undercuts the bound; fix: add 'maxclockerror 50' to /etc/chrony/chrony.conf and restart chronyd", check.ToString());
    }

    [Theory]
    [InlineData("maxclockerror 10\n", 50_000u, "Fail")]
    [InlineData("maxclockerror 50\n", 50_000u, "Pass")]
    [InlineData("maxclockerror 100\n", 50_000u, "Pass")]
    [InlineData("maxclockerror 50\n", 100_000u, "Fail")]
    [InlineData("maxclockerror x\n", 50_000u, "Fail")]
    public void MaxclockerrorMustCoverTheDaemonsDrift(string conf, uint driftPpb, string outcome) =>
        Assert.Equal(Enum.Parse<DoctorOutcome>(outcome), Check(Facts(Segment(driftPpb: driftPpb), conf: conf), "maxclockerror").Outcome);

    [Fact]
    public void AnUnreadableConfIsAWarningWithItsReason()
    {
        DoctorFacts facts = Facts() with { Conf = null, ConfError = "cannot read chronyd's configuration /x: no such file; pass --chrony-conf PATH" };

        DoctorCheck check = Check(facts, "maxclockerror");

        Assert.Equal(DoctorOutcome.Warn, check.Outcome);
        Assert.Contains("--chrony-conf PATH", check.Message);
    }

    [Fact]
    public void UnreachableChronydFails()
    {
        DoctorCheck check = Check(Facts(chrony: new ChronyFacts("/run/chrony/chronyd.sock", null, "no such socket")), "chronyd");

        Assert.Equal(DoctorOutcome.Fail, check.Outcome);
        Assert.Contains("--chrony-socket PATH", check.Message);
    }

    [Fact]
    public void ADaemonThatStoppedWritingFails()
    {
        DoctorCheck check = Check(Facts(Segment(publishing: false, age: 190 * Second)), "daemon");

        Assert.Equal(DoctorOutcome.Fail, check.Outcome);
        Assert.Contains("190.0 s ago: is the daemon running?", check.Message);
    }

    [Theory]
    [InlineData(0x1A4, "Pass")]  // 0644
    [InlineData(0x1B4, "Fail")]  // 0664
    [InlineData(0x1B6, "Fail")]  // 0666
    [InlineData(0x180, "Warn")]  // 0600
    public void SegmentFileModes(int mode, string outcome) =>
        Assert.Equal(Enum.Parse<DoctorOutcome>(outcome), Check(Facts(Segment(fileMode: (UnixFileMode)mode)), "segment mode").Outcome);

    [Theory]
    [InlineData(0x1ED, 0u, "Pass")]   // 0755 root
    [InlineData(0x1FF, 0u, "Fail")]   // 0777: anyone can replace the segment
    [InlineData(0x3FF, 0u, "Warn")]   // 1777: sticky
    [InlineData(0x1FD, 0u, "Warn")]   // 0775
    [InlineData(0x1E8, 0u, "Warn")]   // 0750: others cannot reach it
    [InlineData(0x1ED, 1000u, "Warn")] // another user's directory
    public void DirectoryModesAndOwner(int mode, uint uid, string outcome) =>
        Assert.Equal(Enum.Parse<DoctorOutcome>(outcome), Check(Facts(Segment(directoryMode: (UnixFileMode)mode, directoryUid: uid)), "directory mode").Outcome);

    [Fact]
    public void WorldWritableDirectoryWithoutStickyBitNamesTheFix()
    {
        DoctorCheck check = Check(Facts(Segment(directoryMode: (UnixFileMode)0x1FF)), "directory mode");

        Assert.Equal("FAIL  directory mode: /run/clockbound is 0777, owner root:root: anyone can replace the segment; fix: chmod 0755 /run/clockbound", check.ToString());
    }

    [Fact]
    public void APhcReferenceWithoutRFails()
    {
        DoctorFacts facts = Facts(
            chrony: Chrony(refId: 0x50484330, address: false),
            conf: "maxclockerror 50\nrefclock PHC /dev/ptp_ena refid PHC0\n",
            daemons: [new DaemonCommandLineFacts(42, "/var/run/clockbound/shm0", null)]);

        DoctorCheck check = Check(facts, "PHC bound");

        Assert.Equal(DoctorOutcome.Fail, check.Outcome);
        Assert.Contains("the daemon (pid 42) runs without -r", check.Message);
        Assert.Contains("fix: run it with -r PHC0 -i IFACE", check.Message);
    }

    [Fact]
    public void APhcReferenceWithRPasses()
    {
        DoctorFacts facts = Facts(
            chrony: Chrony(refId: 0x50484330, address: false),
            conf: "maxclockerror 50\nrefclock PHC /dev/ptp_ena refid PHC0\n",
            daemons: [new DaemonCommandLineFacts(42, "/run/clockbound/shm0", "PHC0")]);

        Assert.Equal(DoctorOutcome.Pass, Check(facts, "PHC bound").Outcome);
    }

    [Fact]
    public void APhcReferenceWithoutAVisibleDaemonWarns()
    {
        DoctorFacts facts = Facts(chrony: Chrony(refId: 0x50484330, address: false), conf: "maxclockerror 50\nrefclock PHC /dev/ptp0\n");

        Assert.Equal(DoctorOutcome.Warn, Check(facts, "PHC bound").Outcome);
    }

    [Fact]
    public void ARefclockOfAnotherDriverNamedLikeAPhcIsNotAPhcWhenTheConfSaysSo()
    {
        DoctorFacts facts = Facts(chrony: Chrony(refId: 0x50484330, address: false), conf: "maxclockerror 50\nrefclock SOCK /x.sock refid PHC0\n");

        Assert.Equal(DoctorOutcome.Pass, Check(facts, "PHC bound").Outcome);
    }

    [Theory]
    [InlineData(true, true, "Pass")]
    [InlineData(true, false, "Warn")]
    [InlineData(false, true, "Warn")]
    [InlineData(false, false, "Pass")]
    public void VMClockAgainstDisruptionSupport(bool present, bool support, string outcome) =>
        Assert.Equal(Enum.Parse<DoctorOutcome>(outcome), Check(Facts(Segment(support: support), vmclock: present), "VMClock").Outcome);

    [Fact]
    public void ExitCodeIsTheWorstOutcome()
    {
        Assert.Equal(1, DoctorChecks.ExitCode([new(DoctorOutcome.Pass, "a", ""), new(DoctorOutcome.Warn, "b", "")]));
        Assert.Equal(2, DoctorChecks.ExitCode([new(DoctorOutcome.Fail, "a", ""), new(DoctorOutcome.Warn, "b", "")]));
    }

    [Theory]
    [InlineData(new[] { "-m", "50", "-r", "PHC0", "-i", "eth0" }, "/var/run/clockbound/shm0", "PHC0")]
    [InlineData(new[] { "--phc-ref-id=PHC1", "--shm-path", "/tmp/x/shm0" }, "/tmp/x/shm0", "PHC1")]
    [InlineData(new[] { "--shm-path=/tmp/y", "-rPHC2" }, "/tmp/y", "PHC2")]
    [InlineData(new[] { "-d" }, "/var/run/clockbound/shm0", null)]
    public void DaemonCommandLines(string[] arguments, string segment, string? refId)
    {
        DaemonCommandLineFacts facts = DaemonCommandLineFacts.Parse(1, arguments);

        Assert.Equal(segment, facts.SegmentPath);
        Assert.Equal(refId, facts.PhcRefId);
    }

    [Fact]
    public void VarRunAndRunAreTheSameDirectory() =>
        Assert.True(DaemonCommandLineFacts.Parse(1, []).Writes("/run/clockbound/shm0"));

    [Fact]
    public void AccountNamesFromPasswdText()
    {
        const string Passwd = "root:x:0:0:root:/root:/bin/bash\n_chrony:x:104:111:Chrony daemon,,,:/var/lib/chrony:/usr/sbin/nologin\n";
        Assert.Equal("_chrony", AccountNames.Find(Passwd, 104));
        Assert.Null(AccountNames.Find(Passwd, 7));
    }
}
