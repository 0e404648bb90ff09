using System.Globalization;
using System.Text;

namespace ClockBound.Ctl;

/// <summary><c>clockboundctl now</c>'s output (and <c>watch --json</c>'s lines): one reading, for people or as JSON. Pure.</summary>
internal static class NowFormatter
{
    /// <summary>
    /// Five lines ending in '\n': earliest and latest (ISO 8601 UTC with nine fractional digits, and
    /// ns since the Unix epoch), the bound (ns and a unit, rounded up), the status, the segment.
    /// </summary>
    public static string FormatText(ClockBoundNow now, string segmentPath, int segmentVersion)
    {
        ArgumentNullException.ThrowIfNull(segmentPath);
        var text = new StringBuilder(400);
        text.Append(CultureInfo.InvariantCulture, $"earliest: {now.Earliest} ({now.Earliest.UnixTimeNanoseconds} ns since the epoch)\n");
        text.Append(CultureInfo.InvariantCulture, $"latest:   {now.Latest} ({now.Latest.UnixTimeNanoseconds} ns since the epoch)\n");
        text.Append(CultureInfo.InvariantCulture, $"bound:    {now.BoundNanoseconds} ns ({HumanDuration.FormatCeiling(now.BoundNanoseconds)})\n");
        text.Append(CultureInfo.InvariantCulture, $"status:   {StatusName(now.Status)}{(now.IsReliable ? "" : " (the interval is NOT guaranteed to contain true time)")}\n");
        text.Append(CultureInfo.InvariantCulture, $"segment:  {segmentPath} (version {segmentVersion})\n");
        return text.ToString();
    }

    /// <summary>
    /// One JSON object without a newline: <c>earliest_ns</c>, <c>latest_ns</c>, <c>bound_ns</c>
    /// (numbers), <c>status</c> (its name), <c>reliable</c>, <c>earliest</c> and <c>latest</c> (ISO
    /// 8601), <c>segment_path</c>, <c>segment_version</c>.
    /// </summary>
    public static string FormatJson(ClockBoundNow now, string segmentPath, int segmentVersion)
    {
        ArgumentNullException.ThrowIfNull(segmentPath);
        return JsonText.Object(json =>
        {
            json.WriteNumber("earliest_ns", now.Earliest.UnixTimeNanoseconds);
            json.WriteNumber("latest_ns", now.Latest.UnixTimeNanoseconds);
            json.WriteNumber("bound_ns", now.BoundNanoseconds);
            json.WriteString("status", StatusName(now.Status));
            json.WriteBoolean("reliable", now.IsReliable);
            json.WriteString("earliest", now.Earliest.ToString());
            json.WriteString("latest", now.Latest.ToString());
            json.WriteString("segment_path", segmentPath);
            json.WriteNumber("segment_version", segmentVersion);
        });
    }

    /// <summary>The status's name (Unknown, Synchronized, FreeRunning, Disrupted); a value outside the enum is Unknown.</summary>
    public static string StatusName(ClockStatus status) => status switch
    {
        ClockStatus.Synchronized => "Synchronized",
        ClockStatus.FreeRunning => "FreeRunning",
        ClockStatus.Disrupted => "Disrupted",
        _ => "Unknown",
    };
}
