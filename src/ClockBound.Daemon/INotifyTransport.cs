namespace ClockBound.Daemon;

/// <summary>Where <see cref="SystemdNotifier"/> sends its datagrams (systemd's notification socket; a recorder in unit tests).</summary>
internal interface INotifyTransport : IDisposable
{
    /// <summary>Sends one notification datagram; never blocks and never throws (a lost notification is not worth stopping for).</summary>
    void Send(ReadOnlySpan<byte> datagram);
}
