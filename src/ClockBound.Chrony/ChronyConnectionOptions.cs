namespace ClockBound.Chrony;

/// <summary>How a <see cref="ChronyConnection"/> binds its own socket and how long it waits for chronyd.</summary>
public sealed record ChronyConnectionOptions
{
    /// <summary>
    /// Directory for the client socket, or <see langword="null"/> (the default) for the directory of
    /// chronyd's socket — the one place chronyd's own user can always reach, as chronyc does.
    /// </summary>
    public string? ClientSocketDirectory { get; init; }

    /// <summary>
    /// File name prefix of the client socket: the socket is <c>DIR/PREFIX.PID.sock</c> (a further
    /// <c>.N</c> is added before <c>.sock</c> when this process already holds that path open).
    /// Opening removes <c>PREFIX.PID.sock</c> sockets in that directory whose process is gone, so
    /// give each program its own prefix.
    /// </summary>
    public string ClientSocketPrefix { get; init; } = "clockbound";

    /// <summary>How long one request waits for its reply (default 1 s, as the reference daemon; one try).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);
}
