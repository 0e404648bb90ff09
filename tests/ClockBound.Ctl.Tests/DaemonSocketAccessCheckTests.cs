namespace ClockBound.Ctl.Tests;

/// <summary>doctor's "daemon user" line, and how the user is read from /proc, passwd and a unit.</summary>
public sealed class DaemonSocketAccessCheckTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\n_chrony:x:101:102:Chrony daemon,,,:/var/lib/chrony:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
    private const string Group = "root:x:0:\n_chrony:x:102:clockbound\nnogroup:x:65534:\nadm:x:4:syslog,nobody\n";

    private static DaemonSocketAccessFacts Facts(UnixAccount? user, int chronyDirMode = 0x1E8, string? pathError = null, string? userError = null) => new(
        "/run/chrony/chronyd.sock",
        user,
        "the running daemon (pid 412)",
        userError,
        pathError is null ? [new("/", (UnixFileMode)0x1ED, 0, 0), new("/run", (UnixFileMode)0x1ED, 0, 0), new("/run/chrony", (UnixFileMode)chronyDirMode, 101, 102)] : null,
        pathError is null ? new("/run/chrony/chronyd.sock", (UnixFileMode)0x1B6, 101, 102) : null,
        pathError,
        new Dictionary<string, string> { ["/run/chrony"] = "0750 _chrony:_chrony" });

    [Fact]
    public void ChronydsUserPasses()
    {
        DoctorCheck check = DaemonSocketAccessCheck.Judge(Facts(new UnixAccount("_chrony", 101, 102, [])));

        Assert.Equal(DoctorOutcome.Pass, check.Outcome);
        Assert.Equal("daemon user", check.Topic);
        Assert.Equal("_chrony (uid 101, from the running daemon (pid 412)) may reach chronyd's socket /run/chrony/chronyd.sock", check.Message);
    }

    [Fact]
    public void AnOrdinaryUserFailsNamingTheDirectoryAndTheFix()
    {
        DoctorCheck check = DaemonSocketAccessCheck.Judge(Facts(new UnixAccount("nobody", 65534, 65534, [])));

        Assert.Equal(DoctorOutcome.Fail, check.Outcome);
        Assert.StartsWith("nobody (uid 65534, from the running daemon (pid 412)) cannot reach chronyd's socket: /run/chrony (0750 _chrony:_chrony) may not be searched by nobody, so the daemon publishes Unknown; fix: run the daemon as root or as chronyd's user (User= in its unit", check.Message);
    }

    [Fact]
    public void WhatCannotBeToldIsAWarningWithTheWayToTellIt()
    {
        Assert.Equal(DoctorOutcome.Warn, DaemonSocketAccessCheck.Judge(null).Outcome);
        DoctorCheck noUser = DaemonSocketAccessCheck.Judge(Facts(null, userError: "no daemon is running"));
        Assert.Equal(DoctorOutcome.Warn, noUser.Outcome);
        Assert.Contains("--daemon-user USER", noUser.Message, StringComparison.Ordinal);
        DoctorCheck unseen = DaemonSocketAccessCheck.Judge(Facts(new UnixAccount("_chrony", 101, 102, []), pathError: "cannot examine /run/chrony as this user: run doctor as root"));
        Assert.Equal(DoctorOutcome.Warn, unseen.Outcome);
        Assert.Contains("run doctor as root", unseen.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAccountComesFromPasswdWithTheGroupsThatListIt()
    {
        UnixAccount chrony = UnixAccount.FromFiles("_chrony", Passwd, Group)!;
        Assert.Equal(("_chrony", 101u, 102u), (chrony.Name, chrony.Uid, chrony.Gid));
        Assert.Empty(chrony.Groups);
        UnixAccount nobody = UnixAccount.FromFiles("nobody", Passwd, Group)!;
        Assert.Equal((65534u, 65534u), (nobody.Uid, nobody.Gid));
        Assert.Equal([4u], nobody.Groups);
        Assert.True(nobody.IsInGroup(4));
        Assert.Null(UnixAccount.FromFiles("chrony", Passwd, Group));
    }

    [Fact]
    public void AProcessesIdsComeFromItsStatusEffectiveFirst()
    {
        const string Status = "Name:\tclockbound\nUid:\t0\t101\t101\t101\nGid:\t0\t102\t102\t102\nGroups:\t4 102 \n";

        UnixAccount account = UnixAccount.FromProcStatus(Status, uid => uid == 101 ? "_chrony" : "?")!;

        Assert.Equal(("_chrony", 101u, 102u), (account.Name, account.Uid, account.Gid));
        Assert.Equal([4u, 102u], account.Groups);
        Assert.Null(UnixAccount.FromProcStatus("Name:\tx\n", _ => "?"));
    }

    [Fact]
    public void TheUnitsLastUserLineWins()
    {
        Assert.Equal("chrony", DaemonSocketAccessFacts.UnitUser("[Service]\nUser=_chrony\n# comment\nUser=chrony\nGroup=chrony\n"));
        Assert.Null(DaemonSocketAccessFacts.UnitUser("[Service]\nExecStart=/usr/bin/clockbound\n"));
    }
}
