namespace ClockBound.TestSupport;

/// <summary>A real chronyd pair on loopback, client synchronised to server, shared by one test class
/// (an xunit class fixture: started once, synchronised before the first test, stopped after the last).</summary>
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
