namespace ClockBound.Ctl;

/// <summary>
/// Splits the text of one chrony configuration file into directives: one per line, words
/// separated by blanks; empty lines and lines starting with <c>!</c>, <c>;</c>, <c>#</c> or
/// <c>%</c> are comments. Pure: following <c>include</c>, <c>confdir</c> and <c>sourcedir</c> is
/// <see cref="ChronyConfLoader"/>'s job.
/// </summary>
internal static class ChronyConfParser
{
    /// <summary>The directives of <paramref name="text"/>, read from <paramref name="file"/>, in order.</summary>
    public static IReadOnlyList<ChronyConfDirective> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var directives = new List<ChronyConfDirective>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] is '!' or ';' or '#' or '%')
            {
                continue;
            }
            string[] words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            directives.Add(new ChronyConfDirective(words[0].ToLowerInvariant(), words[1..], file, i + 1));
        }
        return directives;
    }
}
