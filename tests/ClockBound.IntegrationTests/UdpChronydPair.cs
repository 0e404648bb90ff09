using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// A real chronyd pair whose client also answers on a UDP command port (<c>cmdport</c>, on
/// 127.0.0.1 and ::1), its socket in a directory (0770 root) that <c>nobody</c> cannot enter.
/// </summary>
public sealed class UdpChronydPair : IDisposable
{
    public UdpChronydPair()
    {
        Port = LoopbackPorts.ReserveUdp();
        Harness = ChronydHarness.Start(new ChronydHarnessOptions { ClientConfig = [$"cmdport {Port}"] });
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

    /// <summary>The client chronyd's UDP command port.</summary>
    public int Port { get; }

    /// <summary><see cref="Port"/> as an argument.</summary>
    public string PortText => Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The client chronyd's command socket.</summary>
    public string SocketPath => Harness.ClientSocketPath;

    public void Dispose() => Harness.Dispose();
}
