namespace ClockBound.Ctl.Tests;

/// <summary>The daemon user's access to chronyd's socket, judged on made-up modes and owners.</summary>
public sealed class SocketAccessJudgeTests
{
    private const uint ChronyUid = 101, ChronyGid = 102, NobodyUid = 65534, NogroupGid = 65534;

    private static readonly UnixAccount Root = new("root", 0, 0, []);
    private static readonly UnixAccount Chrony = new("_chrony", ChronyUid, ChronyGid, []);
    private static readonly UnixAccount Nobody = new("nobody", NobodyUid, NogroupGid, []);
    private static readonly UnixAccount Member = new("clockbound", 990, 990, [ChronyGid]);

    private static FileFacts Dir(string path, int mode, uint uid = 0, uint gid = 0) => new(path, (UnixFileMode)mode, uid, gid);

    private static IReadOnlyList<FileFacts> Chain(int chronyDirMode) =>
        [Dir("/", 0x1ED), Dir("/run", 0x1ED), Dir("/run/chrony", chronyDirMode, ChronyUid, ChronyGid)];

    private static readonly FileFacts Socket = new("/run/chrony/chronyd.sock", (UnixFileMode)0x1B6, ChronyUid, ChronyGid); // 0666

    private static string? Blocker(UnixAccount user, int chronyDirMode = 0x1E8 /* 0750 */, FileFacts? socket = null) =>
        SocketAccessJudge.FirstBlocker(user, Chain(chronyDirMode), socket ?? Socket, f => Convert.ToString((int)f.Mode, 8));

    [Fact]
    public void RootAndChronydsUserPass()
    {
        Assert.Null(Blocker(Root));
        Assert.Null(Blocker(Chrony));
        Assert.Null(Blocker(Root, chronyDirMode: 0)); // root searches and writes whatever the mode
    }

    [Fact]
    public void AnotherUserCannotEnterTheDirectory()
    {
        Assert.Equal("/run/chrony (750) may not be searched by nobody", Blocker(Nobody));
    }

    [Fact]
    public void AGroupMemberCanEnterA0750DirectoryButNotBindThere()
    {
        Assert.Equal(
            "/run/chrony (750) may not be written by clockbound, and the daemon binds its own socket there for chronyd's replies",
            Blocker(Member));
        Assert.Null(Blocker(Member, chronyDirMode: 0x1F8)); // 0770
    }

    [Fact]
    public void TheSocketMustBeWritable()
    {
        var readOnly = new FileFacts("/run/chrony/chronyd.sock", (UnixFileMode)0x1ED, ChronyUid, ChronyGid); // 0755

        Assert.Equal("/run/chrony/chronyd.sock (755) may not be written by clockbound", Blocker(Member, chronyDirMode: 0x1F8, socket: readOnly));
    }

    [Fact]
    public void TheOwnerIsJudgedByTheOwnerBitsAlone()
    {
        // 0077 owned by the user: the kernel looks at the owner bits only, and they deny.
        var file = new FileFacts("/x", (UnixFileMode)0x3F, ChronyUid, ChronyGid);

        Assert.False(SocketAccessJudge.May(Chrony, file, execute: true));
        Assert.True(SocketAccessJudge.May(Nobody, file, execute: true));
    }
}
