namespace ClockBound.Chrony;

/// <summary>What <see cref="SocketFileProbe.Examine"/> found at a path.</summary>
internal enum SocketFileState
{
    /// <summary>Nothing, something other than a socket, or a path that cannot be examined.</summary>
    NoSocket,

    /// <summary>A socket file that no process has bound: connect() was refused. It may be removed.</summary>
    Abandoned,

    /// <summary>
    /// A socket file that some process may hold: connect() succeeded, or failed otherwise than
    /// refused (e.g. no permission), so nobody can say it is free. It must be left alone.
    /// </summary>
    Bound,
}
