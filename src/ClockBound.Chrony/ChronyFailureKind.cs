namespace ClockBound.Chrony;

/// <summary>Why chronyd could not be asked: what an operator has to fix (see <see cref="ChronyFailureAdvice"/>).</summary>
public enum ChronyFailureKind
{
    /// <summary>Anything not listed below.</summary>
    Other,

    /// <summary>No socket at chronyd's command socket path (chronyd not running, or another <c>bindcmdaddress</c>).</summary>
    SocketMissing,

    /// <summary>The directory of chronyd's socket (or of the client socket) does not exist.</summary>
    SocketDirectoryMissing,

    /// <summary>This user may not enter chronyd's socket directory, or not create its own socket there.</summary>
    DirectoryAccessDenied,

    /// <summary>This user may not write to chronyd's socket.</summary>
    SocketAccessDenied,

    /// <summary>Nothing listens: a socket file a crashed chronyd left, or no command port on that address.</summary>
    Refused,

    /// <summary>chronyd did not answer in time (or does not read its requests).</summary>
    Timeout,

    /// <summary>chronyd answered with a malformed or impossible reply.</summary>
    BadReply,

    /// <summary>chronyd answered with an error status (<see cref="ChronyException.Status"/>), e.g. UNAUTH for a command only its Unix socket allows.</summary>
    Rejected,
}
