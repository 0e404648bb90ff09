using ClockBound.Chrony;
using ClockBound.Interop;

namespace ClockBound.Ctl.Tests;

public sealed class ErrorTextTests
{
    [Fact]
    public void System_call_failure_names_the_kind_call_path_and_errno()
    {
        var error = new ClockBoundException(new SystemCallException("open", 13, "/var/run/clockbound/shm0"));

        Assert.Equal("SystemCallFailed: open failed for '/var/run/clockbound/shm0': Permission denied (errno 13)", ErrorText.Describe(error));
    }

    [Fact]
    public void Missing_segment_gets_a_hint()
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
    public void Other_kinds_are_named(ClockBoundErrorKind kind, string expected) =>
        Assert.Equal(expected, ErrorText.Describe(new ClockBoundException(kind, "m")));

    [Fact]
    public void Multi_line_messages_become_one_line() =>
        Assert.Equal(
            "chronyd: cannot use /x as chronyd's command socket: too long (Parameter 'path') Actual value was /x.",
            ErrorText.Describe(new ChronyException("cannot use /x as chronyd's command socket: too long (Parameter 'path')\nActual value was /x.")));
}
