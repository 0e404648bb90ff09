namespace ClockBound.TestSupport;

/// <summary>A real chronyd pair on loopback, client synchronised to server, shared by one test class
/// (an xunit class fixture: started once, synchronised before the first test, stopped after the last).</summary>
public sealed class SyncedChronyd : IDisposable
{
    public ChronydHarness Harness { get; } = ChronydHarness.StartSynchronized();

    public void Dispose() => Harness.Dispose();
}
