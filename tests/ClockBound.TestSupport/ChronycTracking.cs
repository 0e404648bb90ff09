using System.Globalization;

namespace ClockBound.TestSupport;

/// <summary>
/// One line of <c>chronyc -c tracking</c>, parsed: what chronyc itself decoded from chronyd's
/// TRACKING reply, printed to its own precision (9 decimals for seconds, 3 for ppm, 1 for the
/// update interval). Use it to cross-check a decoder.
/// </summary>
public sealed record ChronycTracking
{
    /// <summary>Reference id (hex in the CSV).</summary>
    public required uint RefId { get; init; }

    /// <summary>The reference's name or address as chronyc prints it (e.g. "127.0.0.1", "PHC0"); empty when none.</summary>
    public required string ReferenceName { get; init; }

    /// <summary>Stratum.</summary>
    public required int Stratum { get; init; }

    /// <summary>Reference time, whole seconds since the Unix epoch.</summary>
    public required long RefTimeSeconds { get; init; }

    /// <summary>Reference time, nanoseconds within the second.</summary>
    public required uint RefTimeNanoseconds { get; init; }

    /// <summary>"System time" column, signed, seconds, as chronyc's CSV prints it.</summary>
    public required double SystemTime { get; init; }

    /// <summary>Last offset, seconds.</summary>
    public required double LastOffset { get; init; }

    /// <summary>RMS offset, seconds.</summary>
    public required double RmsOffset { get; init; }

    /// <summary>Frequency, ppm, signed as in the CSV.</summary>
    public required double FrequencyPpm { get; init; }

    /// <summary>Residual frequency, ppm.</summary>
    public required double ResidualFrequencyPpm { get; init; }

    /// <summary>Skew, ppm.</summary>
    public required double SkewPpm { get; init; }

    /// <summary>Root delay, seconds.</summary>
    public required double RootDelay { get; init; }

    /// <summary>Root dispersion, seconds.</summary>
    public required double RootDispersion { get; init; }

    /// <summary>Update interval, seconds.</summary>
    public required double UpdateInterval { get; init; }

    /// <summary>Leap status text: "Normal", "Insert second", "Delete second", "Not synchronised".</summary>
    public required string LeapStatus { get; init; }

    /// <summary>The leap status as chronyd's wire code (0 normal, 1 insert, 2 delete, 3 unsynchronised), −1 if unknown text.</summary>
    public int LeapStatusCode => LeapStatus switch
    {
        "Normal" => 0,
        "Insert second" => 1,
        "Delete second" => 2,
        "Not synchronised" => 3,
        _ => -1,
    };

    /// <summary>Parses one CSV line of <c>chronyc -c tracking</c>.</summary>
    /// <exception cref="FormatException">Not 14 fields, or a field does not parse.</exception>
    public static ChronycTracking Parse(string line)
    {
        string[] f = line.Trim().Split(',');
        if (f.Length != 14)
        {
            throw new FormatException($"chronyc -c tracking: expected 14 fields, got {f.Length}: \"{line}\"");
        }

        string[] refTime = f[3].Split('.');
        if (refTime.Length != 2 || refTime[1].Length != 9)
        {
            throw new FormatException($"chronyc -c tracking: reference time \"{f[3]}\" is not SECONDS.NNNNNNNNN");
        }

        return new ChronycTracking
        {
            RefId = uint.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            ReferenceName = f[1],
            Stratum = int.Parse(f[2], CultureInfo.InvariantCulture),
            RefTimeSeconds = long.Parse(refTime[0], CultureInfo.InvariantCulture),
            RefTimeNanoseconds = uint.Parse(refTime[1], CultureInfo.InvariantCulture),
            SystemTime = ParseDouble(f[4]),
            LastOffset = ParseDouble(f[5]),
            RmsOffset = ParseDouble(f[6]),
            FrequencyPpm = ParseDouble(f[7]),
            ResidualFrequencyPpm = ParseDouble(f[8]),
            SkewPpm = ParseDouble(f[9]),
            RootDelay = ParseDouble(f[10]),
            RootDispersion = ParseDouble(f[11]),
            UpdateInterval = ParseDouble(f[12]),
            LeapStatus = f[13],
        };
    }

    private static double ParseDouble(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
