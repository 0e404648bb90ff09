using ClockBound.TestSupport;

namespace ClockBound.Ctl.Tests;

/// <summary>A real chronyd pair on loopback, the client synchronised to the server, shared by one test class.</summary>
public sealed class SyncedChronyd : IDisposable
{
    public SyncedChronyd()
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

    public void Dispose() => Harness.Dispose();
}
