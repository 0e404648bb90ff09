using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace ClockBound.Daemon;

/// <summary>
/// Writes measurements as the Prometheus text exposition format (version 0.0.4): per instrument a
/// <c># HELP</c> and a <c># TYPE</c> line (observable counters are <c>counter</c>, the rest
/// <c>gauge</c>), then one sample line per measurement. Pure.
/// </summary>
internal static class PrometheusExposition
{
    /// <summary>The response's content type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>One measurement: its instrument, value and labels.</summary>
    /// <param name="Instrument">The instrument it came from (name, description, kind).</param>
    /// <param name="Value">The value (integers are exact up to 2^53).</param>
    /// <param name="Labels">Its labels, in order.</param>
    public readonly record struct Sample(Instrument Instrument, double Value, KeyValuePair<string, object?>[] Labels);

    /// <summary>
    /// The text of <paramref name="samples"/>, grouped by instrument in the order instruments first
    /// appear; an instrument without samples is left out.
    /// </summary>
    public static string Write(IReadOnlyList<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var text = new StringBuilder(4096);
        var seen = new HashSet<Instrument>();
        foreach (Sample first in samples)
        {
            if (!seen.Add(first.Instrument))
            {
                continue;
            }
            Instrument instrument = first.Instrument;
            text.Append("# HELP ").Append(instrument.Name).Append(' ').Append(EscapeHelp(instrument.Description ?? "")).Append('\n');
            text.Append("# TYPE ").Append(instrument.Name).Append(' ').Append(IsCounter(instrument) ? "counter" : "gauge").Append('\n');
            foreach (Sample sample in samples)
            {
                if (sample.Instrument == instrument)
                {
                    AppendSample(text, sample);
                }
            }
        }
        return text.ToString();
    }

    /// <summary>A value as Prometheus reads it: shortest round-trip form, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.</summary>
    internal static string FormatValue(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A label value with <c>\</c>, <c>"</c> and newlines escaped.</summary>
    internal static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static bool IsCounter(Instrument instrument) =>
        instrument is ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> or Counter<long> or Counter<int> or Counter<double>;

    private static void AppendSample(StringBuilder text, in Sample sample)
    {
        text.Append(sample.Instrument.Name);
        if (sample.Labels.Length > 0)
        {
            text.Append('{');
            for (int i = 0; i < sample.Labels.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }
                KeyValuePair<string, object?> label = sample.Labels[i];
                text.Append(label.Key).Append("=\"")
                    .Append(EscapeLabelValue(Convert.ToString(label.Value, CultureInfo.InvariantCulture) ?? "")).Append('"');
            }
            text.Append('}');
        }
        text.Append(' ').Append(FormatValue(sample.Value)).Append('\n');
    }
}
