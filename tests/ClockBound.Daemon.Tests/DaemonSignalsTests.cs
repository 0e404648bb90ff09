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
    public void SighupReachesItsHandlerAndDoesNotTerminateTheProcess()
    {
        using var hup = new SemaphoreSlim(0);
        var others = new List<int>();
        using (DaemonSignals.Register(signal =>
        {
            if (signal == DaemonSignals.SigHup)
            {
                hup.Release();
            }
            else
            {
                lock (others)
                {
                    others.Add(signal);
                }
            }
        }))
        {
            Kill("HUP");
            Assert.True(hup.Wait(TimeSpan.FromSeconds(60)), "SIGHUP handler not called (is SIGHUP ignored in the test process? nohup does that)");
        }
        Assert.Empty(others);
    }

    [Fact]
    public void SignalNumbersAreLinuxs()
    {
        Assert.Equal(1, DaemonSignals.SigHup);
        Assert.Equal(2, DaemonSignals.SigInt);
        Assert.Equal(10, DaemonSignals.SigUsr1);
        Assert.Equal(12, DaemonSignals.SigUsr2);
        Assert.Equal(15, DaemonSignals.SigTerm);
        Assert.Equal("SIGHUP", DaemonSignals.Name(DaemonSignals.SigHup));
        Assert.Equal("SIGTERM", DaemonSignals.Name(DaemonSignals.SigTerm));
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
