namespace ClockBound.TestSupport;

/// <summary>A process's scheduler state, from <c>/proc/PID/stat</c>.</summary>
public static class ProcessState
{
    /// <summary>The state letter: R running, S sleeping, T stopped (SIGSTOP), Z zombie, ...</summary>
    public static char Of(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }

    /// <summary>
    /// Waits until <paramref name="pid"/> is stopped: SIGSTOP takes effect asynchronously, so only
    /// once the process is seen stopped is it sure not to run.
    /// </summary>
    public static void WaitUntilStopped(int pid, TimeSpan timeout) =>
        Eventually.Satisfies(() => Of(pid), s => s == 'T', timeout, $"process {pid} stopped");
}
