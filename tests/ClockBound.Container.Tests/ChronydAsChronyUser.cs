using ClockBound.TestSupport;

namespace ClockBound.Container.Tests;

/// <summary>
/// A synchronised chronyd pair on loopback whose client runs as the host's chronyd user, in a
/// directory that user owns (mode 0770), as /run/chrony is on a host: the directory the daemon's
/// container gets. Shared by one test class.
/// </summary>
public sealed class ChronydAsChronyUser : IDisposable
{
    public ChronydAsChronyUser()
    {
        Harness = ChronydHarness.StartSynchronized(new ChronydHarnessOptions { ClientUser = ChronyUser.Host.Name });
    }

    public ChronydHarness Harness { get; }

    /// <summary>The client chronyd's directory: its command socket and, beside it, the daemon's.</summary>
    public string Directory => Harness.Client.Directory;

    public void Dispose() => Harness.Dispose();
}
