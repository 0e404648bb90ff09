using System.Globalization;

namespace ClockBound.Ctl;

/// <summary>A user as the kernel checks file permissions for it: uid, primary gid and supplementary groups.</summary>
/// <param name="Name">The user's name (or its number).</param>
/// <param name="Uid">The (effective) user id.</param>
/// <param name="Gid">The (effective) primary group id.</param>
/// <param name="Groups">The supplementary group ids.</param>
internal sealed record UnixAccount(string Name, uint Uid, uint Gid, IReadOnlyList<uint> Groups)
{
    /// <summary>Whether the user is in group <paramref name="gid"/> (primary or supplementary).</summary>
    public bool IsInGroup(uint gid) => Gid == gid || Groups.Contains(gid);

    /// <summary>
    /// The account named <paramref name="name"/> in a passwd-format text, with the groups of a
    /// group-format text that list it as a member (as <c>initgroups</c> gives a service). Null when not there. Pure.
    /// </summary>
    public static UnixAccount? FromFiles(string name, string passwd, string group)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (string line in passwd.Split('\n'))
        {
            string[] fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid)
                && uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out uint gid))
            {
                return new UnixAccount(name, uid, gid, MemberGroups(name, group));
            }
        }
        return null;
    }

    /// <summary>
    /// The effective ids of a process from its <c>/proc/PID/status</c> text (<c>Uid:</c>, <c>Gid:</c>
    /// and <c>Groups:</c> lines; the effective id is the second number), named by <paramref name="nameOf"/>. Null when malformed. Pure.
    /// </summary>
    public static UnixAccount? FromProcStatus(string status, Func<uint, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(nameOf);
        uint? uid = null, gid = null;
        var groups = new List<uint>();
        foreach (string line in status.Split('\n'))
        {
            string[] fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }
            switch (fields[0])
            {
                case "Uid:" when fields.Length >= 3:
                    uid = Number(fields[2]);
                    break;
                case "Gid:" when fields.Length >= 3:
                    gid = Number(fields[2]);
                    break;
                case "Groups:":
                    groups.AddRange(fields.Skip(1).Select(Number).OfType<uint>());
                    break;
            }
        }
        return uid is uint u && gid is uint g ? new UnixAccount(nameOf(u), u, g, groups) : null;
    }

    private static List<uint> MemberGroups(string name, string group)
    {
        var groups = new List<uint>();
        foreach (string line in group.Split('\n'))
        {
            string[] fields = line.Split(':');
            if (fields.Length >= 4 && fields[3].Split(',').Contains(name) && Number(fields[2]) is uint gid)
            {
                groups.Add(gid);
            }
        }
        return groups;
    }

    private static uint? Number(string text) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value) ? value : null;
}
