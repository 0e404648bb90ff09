namespace ClockBound.Chrony;

/// <summary>What a <see cref="ChronyFailureKind"/> means for an operator: whether it can pass by itself, and the fix, in the daemon's and clockboundctl's flags.</summary>
public static class ChronyFailureAdvice
{
    /// <summary>
    /// Whether the cause stays until someone acts: the permissions on chronyd's socket or its
    /// directory, or a directory that does not exist. A socket that is missing, refused or slow
    /// is what a chronyd that is starting, restarting or busy shows, and passes by itself.
    /// </summary>
    public static bool IsPersistent(ChronyFailureKind kind) => kind is
        ChronyFailureKind.DirectoryAccessDenied or ChronyFailureKind.SocketAccessDenied or ChronyFailureKind.SocketDirectoryMissing;

    /// <summary>The fix, as a clause that follows "fix: ".</summary>
    public static string Fix(ChronyFailureKind kind) => kind switch
    {
        ChronyFailureKind.DirectoryAccessDenied or ChronyFailureKind.SocketAccessDenied =>
            "run as root or as chronyd's user (_chrony on Debian/Ubuntu, chrony on RHEL/Amazon Linux); chronyd's group is enough only where its socket directory is group-writable (0770)",
        ChronyFailureKind.SocketDirectoryMissing =>
            "start chronyd (it creates its socket there), or pass --chrony-socket PATH with chronyd's bindcmdaddress",
        ChronyFailureKind.SocketMissing =>
            "start chronyd, or pass --chrony-socket PATH with chronyd's bindcmdaddress",
        ChronyFailureKind.Refused =>
            "start chronyd (a socket file without a chronyd behind it is left from a crash)",
        ChronyFailureKind.Timeout =>
            "check that chronyd is running and not stopped or overloaded (systemctl status chronyd)",
        ChronyFailureKind.BadReply =>
            "check chronyd's version (protocol 6: chrony 2.x to 4.x)",
        ChronyFailureKind.Rejected =>
            "see chronyd's status in the message",
        _ => "see the message",
    };
}
