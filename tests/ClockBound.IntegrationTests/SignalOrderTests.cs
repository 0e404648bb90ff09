using ClockBound.Shm;
using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.IntegrationTests;

/// <summary>
/// Real signals sent back to back to a real daemon: handled in the order they arrived, and
/// SIGHUP does not kill it. No chronyd is needed: the order shows in the log lines.
/// </summary>
public sealed class SignalOrderTests(ITestOutputHelper output)
{
    private const string Started = "SIGUSR1: forced clock disruption";
    private const string Ended = "SIGUSR2: forced clock disruption ended";
    private const string Ignored = "SIGUSR2 ignored";

    [Fact]
    public void Usr1ThenUsr2BackToBackAreHandledInThatOrderEveryTime()
    {
        const int Trials = 60;
        using TempDirectory directory = TempDirectory.Create("clockbound-vmclock-");
        VMClockFile vmclock = VMClockFile.Create(directory.Combine("vmclock0"), 42);
        using DisruptionTestDaemon daemon = DisruptionTestDaemon.Start(directory.Combine("chronyd.sock"), "--vmclock-path", vmclock.Path);
        using var _ = daemon.ShowOutputAtEnd(output);
        daemon.WaitUntilLoopRunning();

        for (int trial = 1; trial <= Trials; trial++)
        {
            // Two kill(2) calls in a row, nothing in between: what an operator's script does.
            Signals.Send(daemon.Process.Pid, Signals.Usr1);
            Signals.Send(daemon.Process.Pid, Signals.Usr2);
            daemon.WaitForOutputLines(Ended, trial);
        }

        string[] lines = [.. daemon.Output.Split('\n').Where(l => l.Contains("SIGUSR1: ", StringComparison.Ordinal)
            || l.Contains("SIGUSR2: ", StringComparison.Ordinal) || l.Contains(Ignored, StringComparison.Ordinal))];
        Assert.DoesNotContain(lines, l => l.Contains(Ignored, StringComparison.Ordinal));
        Assert.Equal(2 * Trials, lines.Length);
        for (int i = 0; i < lines.Length; i += 2)
        {
            Assert.Contains(Started, lines[i], StringComparison.Ordinal);
            Assert.Contains(Ended, lines[i + 1], StringComparison.Ordinal);
        }
        // Not held: the last SIGUSR2 ended the forced disruption (chronyd is absent, so the reset
        // cannot complete and the status stays Disrupted, but no hold is left to wait for).
        Assert.Equal(Trials, daemon.CountOutputLines(Ended));
        daemon.StopCleanly();
    }

    [Fact]
    public void SighupIsLoggedAndTheDaemonRunsOn()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-hup-");
        string chronySocket = directory.Combine("chronyd.sock");
        using DisruptionTestDaemon daemon = DisruptionTestDaemon.Start(chronySocket, "-d");
        using var _ = daemon.ShowOutputAtEnd(output);
        daemon.WaitUntilLoopRunning();
        long before = daemon.Read().AsOfNanoseconds;

        daemon.Process.Signal(Signals.Hup);
        daemon.Process.WaitForOutput("SIGHUP", DisruptionTestDaemon.Patience);
        daemon.Process.Signal(Signals.Hup);
        daemon.WaitForOutputLines("SIGHUP", 2);

        // Still alive and still publishing.
        Assert.False(daemon.Process.HasExited, $"SIGHUP ended the daemon (exit {(daemon.Process.HasExited ? daemon.Process.ExitCode : 0)})");
        daemon.WaitFor(s => s.AsOfNanoseconds > before, "a publication after SIGHUP");
        daemon.StopCleanly();
    }
}
