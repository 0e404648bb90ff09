using System.Globalization;

namespace ClockBound.Ctl;

/// <summary>A chrony configuration with its includes followed: every directive, the files read, and the files that could not be.</summary>
/// <param name="MainFile">The file named on the command line (or the distribution's default).</param>
/// <param name="Directives">Every directive, in the order chronyd reads them.</param>
/// <param name="Files">Every file read.</param>
/// <param name="Problems">Included files or directories that could not be read, each with why.</param>
internal sealed record ChronyConf(string MainFile, IReadOnlyList<ChronyConfDirective> Directives, IReadOnlyList<string> Files, IReadOnlyList<string> Problems)
{
    /// <summary>The last <c>maxclockerror</c> (chronyd keeps the last), or null.</summary>
    public ChronyConfDirective? MaxClockError => Directives.LastOrDefault(d => d.Name == "maxclockerror");

    /// <summary>The PPM a <c>maxclockerror</c> directive sets, or null when its argument is not a number.</summary>
    public static double? Ppm(ChronyConfDirective directive)
    {
        ArgumentNullException.ThrowIfNull(directive);
        return directive.Arguments.Count > 0
            && double.TryParse(directive.Arguments[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double ppm)
            && double.IsFinite(ppm)
            ? ppm
            : null;
    }

    /// <summary>
    /// The reference ids of the <c>refclock PHC</c> directives: the <c>refid</c> option, else
    /// chronyd's default, "PHC" and the refclock's index among all refclocks (PHC0, PHC1...).
    /// </summary>
    public IReadOnlyList<string> PhcRefIds()
    {
        var ids = new List<string>();
        int index = 0;
        foreach (ChronyConfDirective directive in Directives.Where(d => d.Name == "refclock"))
        {
            if (directive.Arguments.Count > 0 && directive.Arguments[0].Equals("PHC", StringComparison.OrdinalIgnoreCase))
            {
                string? refid = null;
                for (int i = 1; i + 1 < directive.Arguments.Count; i++)
                {
                    if (directive.Arguments[i].Equals("refid", StringComparison.OrdinalIgnoreCase))
                    {
                        refid = directive.Arguments[i + 1];
                    }
                }
                ids.Add(refid ?? string.Create(CultureInfo.InvariantCulture, $"PHC{index}"));
            }
            index++;
        }
        return ids;
    }
}
