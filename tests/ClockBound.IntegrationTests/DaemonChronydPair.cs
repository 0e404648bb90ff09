using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// A real chronyd pair on loopback, the client synchronised to the server, for one test class
/// (a class fixture: each class gets its own pair, so classes run in parallel without sharing
/// chronyd state).
/// </summary>
public sealed class DaemonChronydPair : IDisposable
{
    public DaemonChronydPair()
    {
        Harness = ChronydHarness.Start();
        try
        {
            Harness.WaitForSynchronized();
            WaitForSteadyUpdates(Harness.Client);
        }
        catch
        {
            Harness.Dispose();
            throw;
        }
    }

    public ChronydHarness Harness { get; }

    /// <summary>The client chronyd's command socket: what the daemon under test talks to.</summary>
    public string SocketPath => Harness.ClientSocketPath;

    public void Dispose() => Harness.Dispose();

    /// <summary>
    /// Waits until chronyd's clock updates come at least 1/4 s apart. Right after it synchronises,
    /// its first updates come in quick succession (a last_update_interval of 0, then about 0.1 s),
    /// and the daemon rightly counts a report older than ⌊8 × last_update_interval⌋ s as
    /// FreeRunning, so its status may flap until then. Tests that expect a steady Synchronized start here.
    /// </summary>
    public static void WaitForSteadyUpdates(ChronydInstance chronyd) =>
        Eventually.Satisfies(
            chronyd.GetChronycTracking,
            t => t.LeapStatusCode == 0 && t.UpdateInterval >= 0.25,
            DaemonUnderTest.Patience,
            $"chronyd {chronyd.Name} synchronised with clock updates at least 0.25 s apart");
}
