namespace ClockBound.TestSupport;

/// <summary>
/// A real chronyd pair on loopback whose client also answers on a UDP command port
/// (<c>cmdport</c>, on 127.0.0.1 and ::1), synchronised; its socket is in a directory (0770
/// root) that <c>nobody</c> cannot enter. An xunit class fixture.
/// </summary>
public sealed class UdpChronyd : IDisposable
{
    public UdpChronyd()
    {
        Port = LoopbackPorts.ReserveUdp();
        Harness = ChronydHarness.StartSynchronized(new ChronydHarnessOptions { ClientConfig = [$"cmdport {Port}"] });
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
