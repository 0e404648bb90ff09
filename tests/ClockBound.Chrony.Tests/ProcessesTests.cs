using ClockBound.Interop;

namespace ClockBound.Chrony.Tests;

/// <summary>Interop's kill(pid, 0) wrapper: a client socket whose name's pid exists here is never removed.</summary>
public sealed class ProcessesTests
{
    [Fact]
    public void This_process_and_init_exist()
    {
        Assert.True(Processes.Exists(Environment.ProcessId));
        Assert.True(Processes.Exists(1)); // for a non-root user this is kill's EPERM
    }

    [Fact]
    public void An_exited_and_reaped_child_does_not()
    {
        Assert.False(Processes.Exists(AbandonedProcesses.DeadPid()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Process_group_ids_are_refused(int pid)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Processes.Exists(pid));
    }
}
