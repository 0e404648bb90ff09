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
}
