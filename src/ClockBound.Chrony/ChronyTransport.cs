namespace ClockBound.Chrony;

/// <summary>How a <see cref="ChronyClient"/> reaches chronyd.</summary>
public enum ChronyTransport
{
    /// <summary>chronyd's Unix command socket (<c>bindcmdaddress</c>): every command, for root and chronyd's user.</summary>
    UnixSocket,

    /// <summary>chronyd's UDP command port (<c>cmdport</c>, 323 by default) on localhost: monitoring commands only, for any user.</summary>
    Udp,
}
