using ClockBound.Chrony;
using ClockBound.Interop;

namespace ClockBound.Ctl.Tests;

public sealed class ErrorTextTests
{
    [Fact]
    public void SystemCallFailureNamesTheKindCallPathAndErrno()
    {
        var error = new ClockBoundException(new SystemCallException("open", 13, "/var/run/clockbound/shm0"));

        Assert.Equal("SystemCallFailed: open failed for '/var/run/clockbound/shm0': Permission denied (errno 13)", ErrorText.Describe(error));
    }

    [Fact]
    public void MissingSegmentGetsAHint()
    {
        var error = new ClockBoundException(new SystemCallException("open", 2, "/x"));

        Assert.Equal(
            "SystemCallFailed: open failed for '/x': No such file or directory (errno 2) (is the clockbound daemon running, with this --shm-path?)",
            ErrorText.Describe(error));
    }

    [Theory]
    [InlineData(ClockBoundErrorKind.SegmentNotInitialized, "SegmentNotInitialized: m")]
    [InlineData(ClockBoundErrorKind.SegmentMalformed, "SegmentMalformed: m")]
    [InlineData(ClockBoundErrorKind.CausalityBreach, "CausalityBreach: m")]
    [InlineData(ClockBoundErrorKind.SegmentVersionNotSupported, "SegmentVersionNotSupported: m")]
    [InlineData((ClockBoundErrorKind)42, "error 42: m")]
    public void OtherKindsAreNamed(ClockBoundErrorKind kind, string expected) =>
        Assert.Equal(expected, ErrorText.Describe(new ClockBoundException(kind, "m")));

    [Fact]
    public void MultiLineMessagesBecomeOneLine() =>
        Assert.Equal(
            "chronyd: cannot use /x as chronyd's command socket: too long (Parameter 'path') Actual value was /x.",
            ErrorText.Describe(new ChronyException("cannot use /x as chronyd's command socket: too long (Parameter 'path')\nActual value was /x.")));
}
