using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.Ctl.Tests;

public sealed class NowRequireReliableTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("clockboundctl-now-reliable-");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(ClockStatus.Synchronized, 0)]
    [InlineData(ClockStatus.FreeRunning, 0)]
    [InlineData(ClockStatus.Unknown, 3)]
    [InlineData(ClockStatus.Disrupted, 3)]
    public void ExitCodeFollowsReliability(ClockStatus status, int exitCode)
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh(status: status));

        CtlResult result = Ctl.Run("now", "--shm-path", path, "--json", "--require-reliable");

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Single(result.OutputLines); // the reading is printed either way
        Assert.Equal(exitCode == 0 ? "" : $"clockboundctl: the reading is not reliable: the status is {status} (--require-reliable)\n", result.Error);
    }

    [Fact]
    public void WithoutTheFlagAnUnknownReadingExits0()
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh(status: ClockStatus.Unknown));

        Assert.Equal(0, Ctl.Run("now", "--shm-path", path).ExitCode);
    }
}
