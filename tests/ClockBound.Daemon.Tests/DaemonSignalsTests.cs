using System.Diagnostics;

namespace ClockBound.Daemon.Tests;

/// <summary>Real signals sent to this test process with kill(1): handled, and the process survives.</summary>
[Collection(SignalCollection.Name)]
public sealed class DaemonSignalsTests
{
    [Fact]
    public void Sigusr1AndSigusr2ReachTheirHandlersAndDoNotTerminateTheProcess()
    {
        using var usr1 = new SemaphoreSlim(0);
        using var usr2 = new SemaphoreSlim(0);
        var stops = new List<string>();
        using (DaemonSignals.Register(s => stops.Add(s), () => usr1.Release(), () => usr2.Release()))
        {
            Kill("USR1");
            Assert.True(usr1.Wait(TimeSpan.FromSeconds(10)), "SIGUSR1 handler not called");
            Kill("USR2");
            Assert.True(usr2.Wait(TimeSpan.FromSeconds(10)), "SIGUSR2 handler not called");
            Kill("USR1");
            Assert.True(usr1.Wait(TimeSpan.FromSeconds(10)), "second SIGUSR1 handler not called");
        }
        Assert.Empty(stops);
    }

    [Fact]
    public void SignalNumbersAreLinuxs()
    {
        Assert.Equal(10, DaemonSignals.SigUsr1);
        Assert.Equal(12, DaemonSignals.SigUsr2);
    }

    private static void Kill(string signal)
    {
        var start = new ProcessStartInfo("kill", ["-s", signal, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
        };
        using Process kill = Process.Start(start) ?? throw new InvalidOperationException("cannot start kill");
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, kill.StandardError.ReadToEnd());
    }
}
