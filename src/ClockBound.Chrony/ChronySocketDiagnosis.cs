using System.Net.Sockets;
using ClockBound.Interop;

namespace ClockBound.Chrony;

/// <summary>
/// Turns what the file system and the socket calls say about chronyd's socket into a
/// <see cref="ChronyException"/> that names the real cause (<see cref="ChronyException.Kind"/>).
/// Pure: the lookup (<see cref="FileStatus.LookupErrno"/>) is passed in.
/// </summary>
internal static class ChronySocketDiagnosis
{
    private const int NoSuchFile = 2;       // ENOENT
    private const int PermissionDenied = 13; // EACCES
    private const int NotADirectory = 20;    // ENOTDIR

    /// <summary>
    /// Why <paramref name="socketPath"/> cannot be reached before anything is bound: its directory
    /// is missing, or this user may not enter one of the directories on the way (the first such
    /// directory is named). Null when the path can be looked up (connecting then tells the rest).
    /// </summary>
    /// <param name="socketPath">chronyd's command socket.</param>
    /// <param name="statErrno">The errno of <c>stat(path)</c>, 0 for success.</param>
    public static ChronyException? Diagnose(string socketPath, Func<string, int> statErrno)
    {
        string full = Path.GetFullPath(socketPath);
        string directory = Path.GetDirectoryName(full) ?? "/";
        int errno = statErrno(full);
        if (errno == NoSuchFile)
        {
            int directoryErrno = statErrno(directory);
            return directoryErrno is NoSuchFile or NotADirectory
                ? new ChronyException(
                    ChronyFailureKind.SocketDirectoryMissing,
                    $"cannot connect to chronyd's command socket {socketPath}: its directory {directory} does not exist (chronyd is not running, or its bindcmdaddress is elsewhere)")
                : null;
        }

        if (errno == NotADirectory)
        {
            return new ChronyException(
                ChronyFailureKind.SocketDirectoryMissing,
                $"cannot connect to chronyd's command socket {socketPath}: a component of {directory} is not a directory");
        }

        if (errno == PermissionDenied)
        {
            return new ChronyException(
                ChronyFailureKind.DirectoryAccessDenied,
                $"cannot connect to chronyd's command socket {socketPath}: permission denied: this user may not enter {FirstClosedDirectory(full, statErrno) ?? directory} (chronyd keeps it to root and its own user and group)");
        }

        return null;
    }

    /// <summary>Binding our client socket failed.</summary>
    public static ChronyException BindFailed(string clientPath, string serverPath, Exception cause)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(clientPath)) ?? "/";
        bool denied = cause is UnauthorizedAccessException
            || cause is SocketException { SocketErrorCode: SocketError.AccessDenied };
        if (denied)
        {
            return new ChronyException(
                ChronyFailureKind.DirectoryAccessDenied,
                $"cannot create the client socket {clientPath} for chronyd at {serverPath}: permission denied: this user may not write to {directory}, where chronyd sends its replies",
                cause);
        }

        return Directory.Exists(directory)
            ? new ChronyException($"cannot create the client socket {clientPath} for chronyd at {serverPath}: {cause.Message}", cause)
            : new ChronyException(
                ChronyFailureKind.SocketDirectoryMissing,
                $"cannot create the client socket {clientPath} for chronyd at {serverPath}: the directory {directory} does not exist",
                cause);
    }

    /// <summary>Connecting to chronyd's socket failed.</summary>
    // The runtime's text for ENOENT is "Cannot assign requested address", which misleads: say
    // what an operator needs to know instead.
    public static ChronyException ConnectFailed(string serverPath, SocketException cause)
    {
        (ChronyFailureKind kind, string text) = cause.SocketErrorCode switch
        {
            SocketError.AccessDenied => (ChronyFailureKind.SocketAccessDenied, "permission denied (run as root or chronyd's user)"),
            SocketError.ConnectionRefused => (ChronyFailureKind.Refused, "connection refused: a stale socket file, chronyd is not running"),
            _ when !File.Exists(serverPath) => (ChronyFailureKind.SocketMissing, "no such socket (is chronyd running, with this bindcmdaddress?)"),
            _ => (ChronyFailureKind.Other, cause.Message),
        };
        return new ChronyException(kind, $"cannot connect to chronyd's command socket {serverPath}: {text}", cause);
    }

    // The first directory on the way to `path` that this user may not search: the parent of the
    // first component whose lookup is denied.
    private static string? FirstClosedDirectory(string path, Func<string, int> statErrno)
    {
        string? parent = Path.GetDirectoryName(path);
        var chain = new List<string>();
        for (string? p = path; p is not null && p != "/"; p = Path.GetDirectoryName(p))
        {
            chain.Add(p);
        }
        chain.Reverse();
        foreach (string component in chain)
        {
            if (statErrno(component) == PermissionDenied)
            {
                return Path.GetDirectoryName(component);
            }
        }
        return parent;
    }
}
