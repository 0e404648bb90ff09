namespace ClockBound.Ctl;

/// <summary>What <c>clockboundctl tracking</c> was asked to do.</summary>
/// <param name="ChronySocketPath">chronyd's command socket.</param>
/// <param name="ClientSocketDirectory">Where to bind our own socket; null for beside chronyd's socket.</param>
/// <param name="Timeout">How long to wait for chronyd's reply.</param>
/// <param name="Json">One JSON object instead of chronyc's layout.</param>
/// <param name="UdpPort">chronyd's UDP command port for the fallback (<c>--chrony-udp-port</c>); 0 for none.</param>
internal sealed record TrackingSettings(string ChronySocketPath, string? ClientSocketDirectory, TimeSpan Timeout, bool Json, int UdpPort = Chrony.ChronyUdpConnection.DefaultPort);
