namespace ClockBound.Ctl;

/// <summary>Shell-style matching of one path component: <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, <c>[!x]</c>; a leading dot is matched only by a dot. Pure.</summary>
internal static class GlobMatcher
{
    /// <summary>Whether <paramref name="name"/> matches <paramref name="pattern"/>.</summary>
    public static bool Matches(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith('.') && !pattern.StartsWith('.'))
        {
            return false;
        }
        return Match(pattern, 0, name, 0);
    }

    private static bool Match(string pattern, int p, string name, int n)
    {
        while (p < pattern.Length)
        {
            char c = pattern[p];
            if (c == '*')
            {
                for (int k = n; k <= name.Length; k++)
                {
                    if (Match(pattern, p + 1, name, k))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (n >= name.Length)
            {
                return false;
            }
            if (c == '?')
            {
                p++;
                n++;
                continue;
            }
            if (c == '[' && TryClass(pattern, p, name[n], out int end, out bool matched))
            {
                if (!matched)
                {
                    return false;
                }
                p = end;
                n++;
                continue;
            }
            if (c != name[n])
            {
                return false;
            }
            p++;
            n++;
        }
        return n == name.Length;
    }

    /// <summary>Matches <paramref name="c"/> against the class at <paramref name="start"/>; false if there is no closing bracket (then '[' is literal).</summary>
    private static bool TryClass(string pattern, int start, char c, out int end, out bool matched)
    {
        int i = start + 1;
        bool negate = i < pattern.Length && pattern[i] is '!' or '^';
        if (negate)
        {
            i++;
        }
        matched = false;
        bool first = true;
        while (i < pattern.Length && (first || pattern[i] != ']'))
        {
            first = false;
            char low = pattern[i];
            char high = low;
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                high = pattern[i + 2];
                i += 2;
            }
            if (c >= low && c <= high)
            {
                matched = true;
            }
            i++;
        }
        if (i >= pattern.Length)
        {
            end = start;
            return false;
        }
        end = i + 1;
        matched ^= negate;
        return true;
    }
}
