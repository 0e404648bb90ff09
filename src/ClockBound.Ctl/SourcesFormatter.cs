using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary>
/// <c>clockboundctl sources</c>'s output: chronyd's sources in the columns of <c>chronyc -n
/// sources</c>, or one JSON object. Offsets are rounded to the nearest unit shown; the error
/// after "+/-" is rounded UP (it is a bound). Pure.
/// </summary>
internal static class SourcesFormatter
{
    /// <summary>chronyc's header, two lines.</summary>
    public const string Header =
        "MS Name/IP address         Stratum Poll Reach LastRx Last sample               \n" +
        "===============================================================================\n";

    private const uint NeverSampled = uint.MaxValue;

    /// <summary>The header, then one line per source, each ending in '\n'.</summary>
    public static string FormatText(IReadOnlyList<SourceReport> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var text = new StringBuilder(Header, 200 + 80 * sources.Count);
        foreach (SourceReport source in sources)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{ModeChar(source.Mode)}{StateChar(source.State)} {Name(source),-27} {source.Stratum,3} {source.PollLog2,3} {Convert.ToString(source.Reachability, 8),5} {LastRxText(source.SecondsSinceSample),5}  ");
            text.Append(SignedText(source.LatestOffset.ToDouble())).Append('[').Append(SignedText(source.OriginalLatestOffset.ToDouble())).Append(']');
            text.Append(" +/- ").Append(ErrorText(source.LatestOffsetError.ToDouble())).Append('\n');
        }
        return text.ToString();
    }

    /// <summary><c>{"chrony_socket": ..., "sources": [...]}</c> (seconds as exact numbers), without a newline.</summary>
    /// <param name="sources">The sources.</param>
    /// <param name="chronySocketPath">The socket asked first (<c>chrony_socket</c>).</param>
    /// <param name="way">How they came (<c>transport</c>, <c>chrony_server</c>); null to leave them out.</param>
    public static string FormatJson(IReadOnlyList<SourceReport> sources, string chronySocketPath, ChronyWay? way = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return JsonText.Object(json =>
        {
            json.WriteString("chrony_socket", chronySocketPath);
            way?.WriteJson(json);
            json.WriteStartArray("sources");
            foreach (SourceReport source in sources)
            {
                json.WriteStartObject();
                json.WriteString("mode", ModeName(source.Mode));
                json.WriteString("state", StateName(source.State));
                json.WriteString("name", Name(source));
                if (source.Address is null)
                {
                    json.WriteNull("address");
                }
                else
                {
                    json.WriteString("address", source.Address.ToString());
                }
                json.WriteNumber("address_family", source.AddressFamily);
                json.WriteNumber("stratum", source.Stratum);
                json.WriteNumber("poll_log2", source.PollLog2);
                json.WriteNumber("reachability", source.Reachability);
                if (source.SecondsSinceSample == NeverSampled)
                {
                    json.WriteNull("last_rx_s");
                }
                else
                {
                    json.WriteNumber("last_rx_s", source.SecondsSinceSample);
                }
                json.WriteNumber("offset_s", source.LatestOffset.ToDouble());
                json.WriteNumber("measured_offset_s", source.OriginalLatestOffset.ToDouble());
                json.WriteNumber("error_s", source.LatestOffsetError.ToDouble());
                json.WriteNumber("flags", source.Flags);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }

    /// <summary>The address; for a reference clock, its ref id's printable characters (e.g. <c>PHC0</c>).</summary>
    public static string Name(SourceReport source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Address is null)
        {
            return "";
        }
        if (source.Mode == SourceMode.ReferenceClock || source.AddressFamily == 3)
        {
            Span<byte> bytes = stackalloc byte[16];
            if (source.Address.TryWriteBytes(bytes, out int written) && written == 4)
            {
                return ReferenceNames.PrintableRefId(BinaryPrimitives.ReadUInt32BigEndian(bytes));
            }
        }
        return source.Address.ToString();
    }

    /// <summary>Seconds since the last sample: up to 9999 s as is, then in minutes, hours, days, years; <c>-</c> when never sampled.</summary>
    public static string LastRxText(uint seconds)
    {
        if (seconds == NeverSampled)
        {
            return "-";
        }
        (ulong divisor, string unit)[] units = [(60, "m"), (3600, "h"), (86_400, "d"), (31_536_000, "y")];
        if (seconds <= 9999)
        {
            return seconds.ToString(CultureInfo.InvariantCulture);
        }
        foreach ((ulong divisor, string unit) in units)
        {
            ulong value = seconds / divisor;
            if (value <= 9999 || unit == "y")
            {
                return value.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }
        return "-";
    }

    /// <summary>A signed offset in the smallest of ns, us, ms, s that keeps at most four digits, right-aligned in five characters, e.g. <c> +117ns</c>, <c>-1234us</c>.</summary>
    public static string SignedText(double seconds)
    {
        (double value, string unit) = Scale(Math.Abs(seconds), 9999.5);
        string digits = Math.Round(value, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture);
        return ((seconds < 0 ? "-" : "+") + digits).PadLeft(5) + unit;
    }

    /// <summary>An error bound like <see cref="SignedText"/> without a sign, rounded UP.</summary>
    public static string ErrorText(double seconds)
    {
        (double value, string unit) = Scale(Math.Abs(seconds), 9999);
        return Math.Ceiling(value).ToString("0", CultureInfo.InvariantCulture).PadLeft(4) + unit;
    }

    /// <summary>The magnitude in the smallest unit in which it stays at most <paramref name="limit"/> (9999.5 for rounding, 9999 for a ceiling).</summary>
    private static (double Value, string Unit) Scale(double magnitude, double limit) =>
        magnitude * 1e9 < limit ? (magnitude * 1e9, "ns")
        : magnitude * 1e6 < limit ? (magnitude * 1e6, "us")
        : magnitude * 1e3 < limit ? (magnitude * 1e3, "ms")
        : (magnitude, "s");

    private static char ModeChar(SourceMode mode) => mode switch
    {
        SourceMode.Client => '^',
        SourceMode.Peer => '=',
        SourceMode.ReferenceClock => '#',
        _ => '?',
    };

    private static char StateChar(SourceState state) => state switch
    {
        SourceState.Selected => '*',
        SourceState.NonSelectable => '?',
        SourceState.Falseticker => 'x',
        SourceState.Jittery => '~',
        SourceState.Unselected => '-',
        SourceState.Selectable => '+',
        _ => '?',
    };

    private static string ModeName(SourceMode mode) => mode switch
    {
        SourceMode.Client => "server",
        SourceMode.Peer => "peer",
        SourceMode.ReferenceClock => "refclock",
        _ => "unknown",
    };

    private static string StateName(SourceState state) => state switch
    {
        SourceState.Selected => "selected",
        SourceState.NonSelectable => "nonselectable",
        SourceState.Falseticker => "falseticker",
        SourceState.Jittery => "jittery",
        SourceState.Unselected => "unselected",
        SourceState.Selectable => "selectable",
        _ => "unknown",
    };
}
