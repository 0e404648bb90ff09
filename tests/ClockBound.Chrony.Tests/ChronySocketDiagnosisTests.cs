using System.Net.Sockets;

namespace ClockBound.Chrony.Tests;

/// <summary>How a failure to reach chronyd's socket is classified and worded, over made-up file-system answers.</summary>
public sealed class ChronySocketDiagnosisTests
{
    private const int Ok = 0, NoSuchFile = 2, PermissionDenied = 13, NotADirectory = 20;

    private static Func<string, int> Stat(Dictionary<string, int> answers) =>
        path => answers.TryGetValue(path, out int errno) ? errno : Ok;

    [Fact]
    public void ADirectoryThisUserMayNotEnterIsNamedNotAStaleSocket()
    {
        // As an ordinary user: /run is open, /run/chrony (0750 _chrony) is not.
        var stat = Stat(new() { ["/run/chrony/chronyd.sock"] = PermissionDenied, ["/run/chrony"] = Ok });

        ChronyException? e = ChronySocketDiagnosis.Diagnose("/run/chrony/chronyd.sock", stat);

        Assert.NotNull(e);
        Assert.Equal(ChronyFailureKind.DirectoryAccessDenied, e.Kind);
        Assert.Equal(
            "cannot connect to chronyd's command socket /run/chrony/chronyd.sock: permission denied: this user may not enter /run/chrony (chronyd keeps it to root and its own user and group)",
            e.Message);
        Assert.True(ChronyFailureAdvice.IsPersistent(e.Kind));
    }

    [Fact]
    public void TheFirstClosedDirectoryOnTheWayIsNamed()
    {
        var stat = Stat(new()
        {
            ["/srv/a/b/chronyd.sock"] = PermissionDenied,
            ["/srv/a/b"] = PermissionDenied, // looking up b is denied: a is the closed one
            ["/srv/a"] = Ok,
        });

        ChronyException? e = ChronySocketDiagnosis.Diagnose("/srv/a/b/chronyd.sock", stat);

        Assert.Contains("this user may not enter /srv/a ", e!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingDirectoryIsNamed()
    {
        var stat = Stat(new() { ["/run/chrony/chronyd.sock"] = NoSuchFile, ["/run/chrony"] = NoSuchFile });

        ChronyException? e = ChronySocketDiagnosis.Diagnose("/run/chrony/chronyd.sock", stat);

        Assert.Equal(ChronyFailureKind.SocketDirectoryMissing, e!.Kind);
        Assert.Contains("its directory /run/chrony does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AComponentThatIsAFileIsNamed()
    {
        ChronyException? e = ChronySocketDiagnosis.Diagnose("/etc/hostname/chronyd.sock", Stat(new() { ["/etc/hostname/chronyd.sock"] = NotADirectory }));

        Assert.Equal(ChronyFailureKind.SocketDirectoryMissing, e!.Kind);
        Assert.Contains("is not a directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingSocketInAnExistingDirectoryIsLeftToConnect()
    {
        // connect() then says "no such socket", with its SocketException inside.
        Assert.Null(ChronySocketDiagnosis.Diagnose("/run/chrony/chronyd.sock", Stat(new() { ["/run/chrony/chronyd.sock"] = NoSuchFile })));
        Assert.Null(ChronySocketDiagnosis.Diagnose("/run/chrony/chronyd.sock", Stat([])));
    }

    [Theory]
    [InlineData(SocketError.AccessDenied, ChronyFailureKind.SocketAccessDenied, "permission denied")]
    [InlineData(SocketError.ConnectionRefused, ChronyFailureKind.Refused, "connection refused")]
    public void ConnectErrorsAreClassified(SocketError error, ChronyFailureKind kind, string text)
    {
        ChronyException e = ChronySocketDiagnosis.ConnectFailed("/run/chrony/chronyd.sock", new SocketException((int)error));

        Assert.Equal(kind, e.Kind);
        Assert.StartsWith($"cannot connect to chronyd's command socket /run/chrony/chronyd.sock: {text}", e.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(e.InnerException);
    }

    [Fact]
    public void ADeniedBindNamesTheDirectoryAndNoApiProperty()
    {
        ChronyException e = ChronySocketDiagnosis.BindFailed(
            "/run/chrony/clockbound.7394.sock", "/run/chrony/chronyd.sock", new SocketException((int)SocketError.AccessDenied));

        Assert.Equal(ChronyFailureKind.DirectoryAccessDenied, e.Kind);
        Assert.Contains("this user may not write to /run/chrony", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ClientSocketDirectory", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("stale", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChronyFailureKind.DirectoryAccessDenied, true)]
    [InlineData(ChronyFailureKind.SocketAccessDenied, true)]
    [InlineData(ChronyFailureKind.SocketDirectoryMissing, true)]
    [InlineData(ChronyFailureKind.SocketMissing, false)]
    [InlineData(ChronyFailureKind.Refused, false)]
    [InlineData(ChronyFailureKind.Timeout, false)]
    [InlineData(ChronyFailureKind.BadReply, false)]
    public void OnlyPermissionsAndAMissingDirectoryArePersistent(ChronyFailureKind kind, bool persistent)
    {
        Assert.Equal(persistent, ChronyFailureAdvice.IsPersistent(kind));
        Assert.NotEmpty(ChronyFailureAdvice.Fix(kind));
    }

    [Fact]
    public void TheFixForAMissingSocketNamesTheFlag()
    {
        Assert.Contains("--chrony-socket PATH", ChronyFailureAdvice.Fix(ChronyFailureKind.SocketMissing), StringComparison.Ordinal);
        Assert.Contains("--chrony-socket PATH", ChronyFailureAdvice.Fix(ChronyFailureKind.SocketDirectoryMissing), StringComparison.Ordinal);
    }
}
