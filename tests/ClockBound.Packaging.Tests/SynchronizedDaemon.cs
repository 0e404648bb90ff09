namespace ClockBound.Packaging.Tests;

/// <summary>
/// A real <c>clockbound</c> process, synchronised to a private chronyd pair on loopback, publishing
/// its segment in a temp directory: what the consumer apps read. Started once per run of the suite.
/// </summary>
public sealed class SynchronizedDaemon : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ChronydHarness _chrony;
    private readonly TempDirectory _directory;
    private readonly DaemonProcess _process;

    public SynchronizedDaemon()
    {
        _chrony = ChronydHarness.Start();
        _directory = TempDirectory.Create("clockbound-consumer-segments-");
        try
        {
            _chrony.WaitForSynchronized();
            // Right after synchronising chronyd's first updates come in quick succession, and the
            // daemon rightly calls a report older than 8 update intervals FreeRunning: start once
            // they are at least 1/4 s apart, so the status stays Synchronized.
            Eventually.Satisfies(
                _chrony.Client.GetChronycTracking,
                t => t.LeapStatusCode == 0 && t.UpdateInterval >= 0.25,
                Patience,
                "chronyd synchronised with clock updates at least 0.25 s apart");
            // Through env --default-signal=INT: a test run started in the background inherits SIGINT ignored.
            _process = DaemonProcess.Start("/usr/bin/env",
                ["--default-signal=INT", ClockBoundBinaries.Daemon, "-m", "50", "-d", "--chrony-socket", _chrony.ClientSocketPath,
                 "--shm-path", SegmentPath, "--shm-v1-path", _directory.Combine("shm")]);
            using ClockBoundClient client = ClockBoundClient.Open(SegmentPath);
            Eventually.Satisfies(
                () => client.TryNow(out ClockBoundNow now) ? now.Status : (ClockStatus?)null,
                s => s == ClockStatus.Synchronized,
                Patience,
                $"the daemon publishing Synchronized in {SegmentPath}");
        }
        catch (TimeoutException e) when (_process is not null)
        {
            string output = _process.Output;
            Dispose();
            throw new TimeoutException($"{e.Message}\ndaemon output:\n{output}", e);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The version 2 segment the daemon publishes.</summary>
    public string SegmentPath => _directory.Combine("shm0");

    /// <summary>What the daemon printed so far, for failure messages.</summary>
    public string Output => _process?.Output ?? "";

    public void Dispose()
    {
        _process?.Dispose();
        _chrony.Dispose();
        _directory.Dispose();
    }
}
