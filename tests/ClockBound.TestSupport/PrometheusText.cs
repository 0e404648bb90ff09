using System.Globalization;
using System.Text.RegularExpressions;

namespace ClockBound.TestSupport;

/// <summary>
/// A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: every
/// line must be a <c># HELP</c>, a <c># TYPE</c> (before its family's samples, once), another
/// comment, or a sample <c>name{label="value",...} value [timestamp]</c> with valid names, escapes
/// and a float value; a series may appear once. Throws <see cref="FormatException"/> naming the line.
/// </summary>
public sealed partial class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    private PrometheusText(Dictionary<string, string> types, List<PrometheusSample> samples)
    {
        TypesByFamily = types;
        Samples = samples;
    }

    /// <summary>The declared type of each family.</summary>
    public IReadOnlyDictionary<string, string> TypesByFamily { get; }

    /// <summary>Every sample, in order.</summary>
    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>The one sample named <paramref name="name"/> whose labels include <paramref name="labels"/> (name=value pairs).</summary>
    public PrometheusSample Sample(string name, params (string Name, string Value)[] labels)
    {
        PrometheusSample[] matches = Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out string? v) && v == l.Value)).ToArray();
        return matches.Length == 1
            ? matches[0]
            : throw new InvalidOperationException($"{matches.Length} samples named {name} with {string.Join(',', labels)}; have: {string.Join(", ", Samples.Select(s => s.Name))}");
    }

    /// <summary>The value of <see cref="Sample"/>.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) => Sample(name, labels).Value;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">A line is not valid exposition text.</exception>
    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        var series = new HashSet<string>(StringComparer.Ordinal);
        var familiesWithSamples = new HashSet<string>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        if (lines[^1].Length != 0)
        {
            throw new FormatException("the text does not end with a newline");
        }
        for (int i = 0; i < lines.Length - 1; i++)
        {
            string line = lines[i];
            string where = $"line {i + 1} '{line}'";
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith('#'))
            {
                Match meta = MetaLine().Match(line);
                if (!meta.Success)
                {
                    continue; // a plain comment
                }
                string kind = meta.Groups[1].Value;
                string family = meta.Groups[2].Value;
                string rest = meta.Groups[3].Value;
                if (kind == "TYPE")
                {
                    if (!Types.Contains(rest))
                    {
                        throw new FormatException($"{where}: unknown type '{rest}'");
                    }
                    if (familiesWithSamples.Contains(family) || !types.TryAdd(family, rest))
                    {
                        throw new FormatException($"{where}: TYPE after the family's samples, or twice");
                    }
                }
                else if (!helps.Add(family))
                {
                    throw new FormatException($"{where}: HELP twice");
                }
                continue;
            }
            Match sample = SampleLine().Match(line);
            if (!sample.Success)
            {
                throw new FormatException($"{where}: not a sample line");
            }
            string name = sample.Groups["name"].Value;
            Dictionary<string, string> labels = ParseLabels(sample.Groups["labels"].Value, where);
            if (!TryParseValue(sample.Groups["value"].Value, out double value))
            {
                throw new FormatException($"{where}: '{sample.Groups["value"].Value}' is not a float");
            }
            string key = name + "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!series.Add(key))
            {
                throw new FormatException($"{where}: series {key} appears twice");
            }
            familiesWithSamples.Add(FamilyOf(name, types));
            samples.Add(new PrometheusSample(name, labels, value));
        }
        return new PrometheusText(types, samples);
    }

    private static string FamilyOf(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name))
        {
            return name;
        }
        foreach (string suffix in (string[])["_total", "_created", "_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.ContainsKey(name[..^suffix.Length]))
            {
                return name[..^suffix.Length];
            }
        }
        return name;
    }

    private static Dictionary<string, string> ParseLabels(string text, string where)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        while (i < text.Length)
        {
            Match label = LabelPair().Match(text, i);
            if (!label.Success || label.Index != i)
            {
                throw new FormatException($"{where}: bad label at '{text[i..]}'");
            }
            string value = Unescape(label.Groups[2].Value, where);
            if (!labels.TryAdd(label.Groups[1].Value, value))
            {
                throw new FormatException($"{where}: label {label.Groups[1].Value} twice");
            }
            i += label.Length;
            if (i < text.Length)
            {
                if (text[i] != ',')
                {
                    throw new FormatException($"{where}: expected ',' in the labels");
                }
                i++;
            }
        }
        return labels;
    }

    private static string Unescape(string value, string where)
    {
        var result = new System.Text.StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                result.Append(value[i]);
                continue;
            }
            if (++i == value.Length)
            {
                throw new FormatException($"{where}: dangling backslash");
            }
            result.Append(value[i] switch
            {
                '\\' => '\\',
                '"' => '"',
                'n' => '\n',
                _ => throw new FormatException($"{where}: bad escape \\{value[i]}"),
            });
        }
        return result.ToString();
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    [GeneratedRegex(@"^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*)(?: (.*))?$")]
    private static partial Regex MetaLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)(?: (?<timestamp>-?\d+))?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}

/// <summary>One sample of a <see cref="PrometheusText"/>.</summary>
/// <param name="Name">The metric name (with a counter's <c>_total</c>).</param>
/// <param name="Labels">Its labels.</param>
/// <param name="Value">Its value.</param>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
