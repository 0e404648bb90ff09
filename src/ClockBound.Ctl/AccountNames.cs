using System.Globalization;

namespace ClockBound.Ctl;

/// <summary>User and group names from /etc/passwd and /etc/group (NSS-only accounts show as numbers).</summary>
internal static class AccountNames
{
    /// <summary>The name of user <paramref name="uid"/>, or its number.</summary>
    public static string User(uint uid) => Lookup("/etc/passwd", uid);

    /// <summary>The name of group <paramref name="gid"/>, or its number.</summary>
    public static string Group(uint gid) => Lookup("/etc/group", gid);

    /// <summary>The name whose third colon-separated field is <paramref name="id"/> in a passwd/group-format text. Pure.</summary>
    public static string? Find(string text, uint id)
    {
        ArgumentNullException.ThrowIfNull(text);
        string number = id.ToString(CultureInfo.InvariantCulture);
        foreach (string line in text.Split('\n'))
        {
            string[] fields = line.Split(':');
            if (fields.Length >= 3 && fields[2] == number && fields[0].Length > 0)
            {
                return fields[0];
            }
        }
        return null;
    }

    private static string Lookup(string file, uint id)
    {
        try
        {
            return Find(File.ReadAllText(file), id) ?? id.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return id.ToString(CultureInfo.InvariantCulture);
        }
    }
}
