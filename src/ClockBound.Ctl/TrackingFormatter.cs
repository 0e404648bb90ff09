using System.Globalization;
using System.Text;
using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary>
/// <c>clockboundctl tracking</c>'s output: chronyd's tracking report as <c>chronyc -n tracking</c>
/// prints it (same labels, precision and fast/slow words), plus the bound the daemon would
/// publish; or one JSON object. Pure.
/// </summary>
internal static class TrackingFormatter
{
    // Unix seconds of 9999-12-31T23:59:59Z, the last instant DateTimeOffset can show.
    private const long LastFormattableSecond = 253_402_300_799;

    /// <summary>The report as <c>chronyc -n tracking</c> prints it, then an <c>Error bound</c> line; lines end in '\n'.</summary>
    public static string FormatText(TrackingReport report, TrackingBound bound)
    {
        double correction = report.CurrentCorrection.ToDouble();
        double frequency = report.FrequencyPpm.ToDouble();
        var text = new StringBuilder(800);
        Line(text, "Reference ID    : ", $"{report.RefId:X8} ({ReferenceNames.For(report)})");
        Line(text, "Stratum         : ", report.Stratum.ToString(CultureInfo.InvariantCulture));
        Line(text, "Ref time (UTC)  : ", RefTimeText(report.RefTimeSeconds));
        // chronyc: a positive correction means the system clock is behind (slow); zero reads "fast".
        Line(text, "System time     : ", $"{ExactDecimal.FormatMagnitude(report.CurrentCorrection, 9)} seconds {(correction > 0 ? "slow" : "fast")} of NTP time");
        Line(text, "Last offset     : ", $"{ExactDecimal.Format(report.LastOffset, 9, forceSign: true)} seconds");
        Line(text, "RMS offset      : ", $"{ExactDecimal.Format(report.RmsOffset, 9)} seconds");
        // chronyc: a positive frequency error means the clock runs fast; zero reads "slow".
        Line(text, "Frequency       : ", $"{ExactDecimal.FormatMagnitude(report.FrequencyPpm, 3)} ppm {(frequency > 0 ? "fast" : "slow")}");
        Line(text, "Residual freq   : ", $"{ExactDecimal.Format(report.ResidualFrequencyPpm, 3, forceSign: true)} ppm");
        Line(text, "Skew            : ", $"{ExactDecimal.Format(report.SkewPpm, 3)} ppm");
        Line(text, "Root delay      : ", $"{ExactDecimal.Format(report.RootDelay, 9)} seconds");
        Line(text, "Root dispersion : ", $"{ExactDecimal.Format(report.RootDispersion, 9)} seconds");
        Line(text, "Update interval : ", $"{ExactDecimal.Format(report.LastUpdateInterval, 1)} seconds");
        Line(text, "Leap status     : ", LeapStatusText(report.LeapStatus));
        Line(text, "Error bound     : ", bound.Nanoseconds is long nanoseconds
            ? $"{ExactDecimal.FormatNanosecondsAsSeconds(nanoseconds)} seconds (root delay / 2 + root dispersion + |system time|)"
            : $"none ({bound.Error})");
        return text.ToString();
    }

    /// <summary>The report as one JSON object (snake_case keys; seconds and ppm as exact numbers), without a newline.</summary>
    /// <param name="report">The report.</param>
    /// <param name="bound">The bound the daemon derives from it.</param>
    /// <param name="chronySocketPath">The socket asked first (<c>chrony_socket</c>).</param>
    /// <param name="way">How the report came (<c>transport</c>, <c>chrony_server</c>); null to leave them out.</param>
    public static string FormatJson(TrackingReport report, TrackingBound bound, string chronySocketPath, ChronyWay? way = null)
    {
        ArgumentNullException.ThrowIfNull(chronySocketPath);
        return JsonText.Object(json =>
        {
            json.WriteString("chrony_socket", chronySocketPath);
            way?.WriteJson(json);
            json.WriteNumber("ref_id", report.RefId);
            json.WriteString("ref_id_hex", report.RefId.ToString("X8", CultureInfo.InvariantCulture));
            json.WriteString("reference_name", ReferenceNames.For(report));
            if (report.Address is { } address)
            {
                json.WriteString("address", address.ToString());
            }
            else
            {
                json.WriteNull("address");
            }
            json.WriteNumber("address_family", report.AddressFamily);
            json.WriteNumber("stratum", report.Stratum);
            if (IsoRefTime(report) is string iso)
            {
                json.WriteString("ref_time", iso);
            }
            else
            {
                json.WriteNull("ref_time");
            }
            json.WriteNumber("ref_time_seconds", report.RefTimeSeconds);
            json.WriteNumber("ref_time_nanoseconds", report.RefTimeNanoseconds);
            json.WriteNumber("current_correction_s", report.CurrentCorrection.ToDouble());
            json.WriteNumber("last_offset_s", report.LastOffset.ToDouble());
            json.WriteNumber("rms_offset_s", report.RmsOffset.ToDouble());
            json.WriteNumber("frequency_ppm", report.FrequencyPpm.ToDouble());
            json.WriteNumber("residual_frequency_ppm", report.ResidualFrequencyPpm.ToDouble());
            json.WriteNumber("skew_ppm", report.SkewPpm.ToDouble());
            json.WriteNumber("root_delay_s", report.RootDelay.ToDouble());
            json.WriteNumber("root_dispersion_s", report.RootDispersion.ToDouble());
            json.WriteNumber("update_interval_s", report.LastUpdateInterval.ToDouble());
            json.WriteString("leap_status", LeapStatusText(report.LeapStatus));
            json.WriteNumber("leap_status_code", report.LeapStatus);
            if (bound.Nanoseconds is long nanoseconds)
            {
                json.WriteNumber("bound_ns", nanoseconds);
                json.WriteNull("bound_error");
            }
            else
            {
                json.WriteNull("bound_ns");
                json.WriteString("bound_error", bound.Error);
            }
        });
    }

    /// <summary>chronyc's words for a leap status: Normal, Insert second, Delete second, Not synchronised, else Invalid.</summary>
    public static string LeapStatusText(ushort leapStatus) => leapStatus switch
    {
        0 => "Normal",
        1 => "Insert second",
        2 => "Delete second",
        3 => "Not synchronised",
        _ => "Invalid",
    };

    /// <summary>The reference time as chronyc shows it (<c>Wed Nov 25 18:31:01 2026</c>, UTC, whole seconds).</summary>
    public static string RefTimeText(long unixSeconds) =>
        unixSeconds is >= 0 and <= LastFormattableSecond
            ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("ddd MMM dd HH':'mm':'ss yyyy", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{unixSeconds} s after the Unix epoch");

    private static string? IsoRefTime(TrackingReport report) =>
        report.RefTimeSeconds is >= 0 and <= LastFormattableSecond
            ? string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.FromUnixTimeSeconds(report.RefTimeSeconds):yyyy'-'MM'-'dd'T'HH':'mm':'ss}.{report.RefTimeNanoseconds:D9}Z")
            : null;

    private static void Line(StringBuilder text, string label, string value) => text.Append(label).Append(value).Append('\n');
}
