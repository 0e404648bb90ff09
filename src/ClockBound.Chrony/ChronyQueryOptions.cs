namespace ClockBound.Chrony;

/// <summary>Where <see cref="ChronyReadOnlyQuery"/> asks chronyd: its Unix socket, then its UDP command port on localhost.</summary>
public sealed record ChronyQueryOptions
{
    /// <summary>chronyd's command socket, tried first.</summary>
    public required string SocketPath { get; init; }

    /// <summary>How the Unix connection binds its own socket, and how long every request waits (<see cref="ChronyConnectionOptions.Timeout"/>).</summary>
    public ChronyConnectionOptions UnixOptions { get; init; } = new();

    /// <summary>chronyd's <c>cmdport</c>, tried on 127.0.0.1 then ::1 when the Unix socket cannot be used; 0 for the Unix socket only.</summary>
    public int UdpPort { get; init; } = ChronyUdpConnection.DefaultPort;
}
