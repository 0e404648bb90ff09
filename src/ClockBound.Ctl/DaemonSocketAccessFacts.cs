using System.Globalization;
using ClockBound.Interop;

namespace ClockBound.Ctl;

/// <summary>
/// What doctor needs to judge whether the daemon's user may reach chronyd's socket: who that
/// user is (and how we know), and the mode and owner of each directory on the way and of the socket.
/// </summary>
/// <param name="SocketPath">chronyd's command socket.</param>
/// <param name="User">The daemon's user; null with <paramref name="UserError"/>.</param>
/// <param name="UserSource">How the user was found, e.g. <c>the running daemon (pid 412)</c>.</param>
/// <param name="UserError">Why no user could be found.</param>
/// <param name="Directories">Each directory from <c>/</c> to the socket's; null with <paramref name="PathError"/>.</param>
/// <param name="Socket">The socket file; null with <paramref name="PathError"/>.</param>
/// <param name="PathError">Why the path could not be examined (as this user, or the socket is missing).</param>
/// <param name="Owners">Each examined path's mode and owner in words, e.g. <c>0750 _chrony:_chrony</c>.</param>
internal sealed record DaemonSocketAccessFacts(
    string SocketPath,
    UnixAccount? User,
    string UserSource,
    string? UserError,
    IReadOnlyList<FileFacts>? Directories,
    FileFacts? Socket,
    string? PathError,
    IReadOnlyDictionary<string, string> Owners)
{
    /// <summary>Where an installed unit may be, most specific first.</summary>
    public static readonly IReadOnlyList<string> UnitPaths =
        ["/etc/systemd/system/clockbound.service", "/usr/lib/systemd/system/clockbound.service", "/lib/systemd/system/clockbound.service"];

    /// <summary>chronyd's user on Debian/Ubuntu, then on RHEL/Amazon Linux.</summary>
    public static readonly IReadOnlyList<string> DefaultUsers = ["_chrony", "chrony"];

    /// <summary>Gathers the facts (reads /proc, the unit, /etc/passwd and /etc/group, and stats the path).</summary>
    /// <param name="socketPath">chronyd's command socket.</param>
    /// <param name="daemonUser"><c>--daemon-user</c>, or null to find the user.</param>
    /// <param name="daemons">The visible daemons.</param>
    /// <param name="segmentPath">The segment, to prefer the daemon that writes it.</param>
    public static DaemonSocketAccessFacts Gather(string socketPath, string? daemonUser, IReadOnlyList<DaemonCommandLineFacts> daemons, string segmentPath)
    {
        (UnixAccount? user, string source, string? userError) = FindUser(daemonUser, daemons, segmentPath);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        string full = Path.GetFullPath(socketPath);
        var directories = new List<FileFacts>();
        for (string? directory = Path.GetDirectoryName(full); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (FileFacts.TryGet(directory, out string? error) is not FileFacts facts)
            {
                return new(socketPath, user, source, userError, null, null, $"cannot examine {directory} as this user ({error}): run doctor as root", owners);
            }
            directories.Add(facts);
            owners[directory] = Describe(facts);
        }
        directories.Reverse();
        if (FileFacts.TryGet(full, out string? socketError) is not FileFacts socket)
        {
            string why = FileStatus.LookupErrno(full) == NoSuchFile
                ? $"no socket at {full} (is chronyd running, with this bindcmdaddress? pass --chrony-socket PATH)"
                : $"cannot examine {full} as this user ({socketError}): run doctor as root";
            return new(socketPath, user, source, userError, null, null, why, owners);
        }
        owners[full] = Describe(socket);
        return new(socketPath, user, source, userError, directories, socket, null, owners);
    }

    private static (UnixAccount? User, string Source, string? Error) FindUser(
        string? daemonUser, IReadOnlyList<DaemonCommandLineFacts> daemons, string segmentPath)
    {
        string passwd = ReadOrEmpty("/etc/passwd");
        string group = ReadOrEmpty("/etc/group");
        if (daemonUser is not null)
        {
            return UnixAccount.FromFiles(daemonUser, passwd, group) is UnixAccount named
                ? (named, "--daemon-user", null)
                : (null, "--daemon-user", $"no user '{daemonUser}' in /etc/passwd");
        }

        DaemonCommandLineFacts? daemon = daemons.FirstOrDefault(d => d.Writes(segmentPath)) ?? (daemons.Count > 0 ? daemons[0] : null);
        if (daemon is not null
            && ReadOrNull($"/proc/{daemon.Pid.ToString(CultureInfo.InvariantCulture)}/status") is string status
            && UnixAccount.FromProcStatus(status, AccountNames.User) is UnixAccount running)
        {
            return (running, $"the running daemon (pid {daemon.Pid.ToString(CultureInfo.InvariantCulture)})", null);
        }

        foreach (string unit in UnitPaths)
        {
            if (ReadOrNull(unit) is string text && UnitUser(text) is string unitUser)
            {
                return UnixAccount.FromFiles(unitUser, passwd, group) is UnixAccount fromUnit
                    ? (fromUnit, $"User= in {unit}", null)
                    : (null, $"User= in {unit}", $"{unit} names User={unitUser}, which /etc/passwd does not have");
            }
        }

        foreach (string name in DefaultUsers)
        {
            if (UnixAccount.FromFiles(name, passwd, group) is UnixAccount fallback)
            {
                return (fallback, "the distribution's default (no daemon running, no unit installed)", null);
            }
        }
        return (null, "", "no daemon is running, no unit is installed, and neither _chrony nor chrony is a user here");
    }

    /// <summary>The last <c>User=</c> in a unit's text (a later line wins, as systemd reads it); null without one. Pure.</summary>
    public static string? UnitUser(string unitText)
    {
        ArgumentNullException.ThrowIfNull(unitText);
        string? user = null;
        foreach (string raw in unitText.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("User=", StringComparison.Ordinal) && line.Length > "User=".Length)
            {
                user = line["User=".Length..].Trim();
            }
        }
        return user;
    }

    private const int NoSuchFile = 2; // ENOENT

    private static string Describe(FileFacts facts) => $"{facts.OctalMode} {AccountNames.User(facts.Uid)}:{AccountNames.Group(facts.Gid)}";

    private static string ReadOrEmpty(string path) => ReadOrNull(path) ?? "";

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
