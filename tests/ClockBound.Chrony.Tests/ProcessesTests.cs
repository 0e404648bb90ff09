using ClockBound.Interop;

namespace ClockBound.Chrony.Tests;

/// <summary>Interop's kill(pid, 0) wrapper: a client socket whose name's pid exists here is never removed.</summary>
public sealed class ProcessesTests
{
    [Fact]
    public void ThisProcessAndInitExist()
    {
        Assert.True(Processes.Exists(Environment.ProcessId));
        Assert.True(Processes.Exists(1)); // for a non-root user this is kill's EPERM
    }

    [Fact]
    public void AnExitedAndReapedChildDoesNot()
    {
        Assert.False(Processes.Exists(AbandonedProcesses.DeadPid()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ProcessGroupIdsAreRefused(int pid)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Processes.Exists(pid));
    }
}
