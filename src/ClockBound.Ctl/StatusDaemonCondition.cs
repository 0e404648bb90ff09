using System.Globalization;

namespace ClockBound.Ctl;

/// <summary>
/// The daemon's condition as it wrote it to <c>daemon-status</c> next to the segment (key=value
/// lines, rewritten when the condition changes): its pid and start, ok or failing, and while
/// failing the reason, since when and the first message. A daemon that writes no such file (an
/// older one, or the reference daemon) is no error: <see cref="Read"/> returns null.
/// </summary>
/// <param name="Pid">The daemon's process id.</param>
/// <param name="Started">When it started (UTC).</param>
/// <param name="Failing">Whether its samples fail.</param>
/// <param name="Reason">What fails (<c>query_failed</c>, ...); null while ok.</param>
/// <param name="Message">The first failure's message; null while ok.</param>
/// <param name="Since">When the condition began (UTC).</param>
/// <param name="NeedsAction">Whether the cause cannot clear by itself (permissions, a missing directory).</param>
internal sealed record StatusDaemonCondition(int Pid, DateTime Started, bool Failing, string? Reason, string? Message, DateTime Since, bool NeedsAction = false)
{
    /// <summary>The file's name in the segment's directory.</summary>
    public const string FileName = "daemon-status";

    /// <summary>The condition file that belongs to the segment at <paramref name="segmentPath"/>.</summary>
    public static string PathFor(string segmentPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(segmentPath)) ?? "/", FileName);

    /// <summary>Reads the condition file next to <paramref name="segmentPath"/>: null when there is none; <paramref name="error"/> when it is unreadable or malformed.</summary>
    public static StatusDaemonCondition? Read(string segmentPath, out string? error)
    {
        string path = PathFor(segmentPath);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            error = null;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {path}: {e.Message}";
            return null;
        }
        StatusDaemonCondition? condition = Parse(text, out string? problem);
        error = problem is null ? null : $"{path} is malformed: {problem}";
        return condition;
    }

    /// <summary>Parses the file's text (pure); null with <paramref name="error"/> when a required key is missing or bad.</summary>
    public static StatusDaemonCondition? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || equals <= 0)
            {
                continue;
            }
            values[line[..equals]] = line[(equals + 1)..];
        }
        if (!values.TryGetValue("pid", out string? pidText) || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 0)
        {
            error = "no pid";
            return null;
        }
        if (!TryTime(values, "started", out DateTime started) || !TryTime(values, "since", out DateTime since))
        {
            error = "no started or since time";
            return null;
        }
        bool failing;
        switch (values.GetValueOrDefault("condition"))
        {
            case "ok":
                failing = false;
                break;
            case "failing":
                failing = true;
                break;
            default:
                error = $"condition is '{values.GetValueOrDefault("condition")}', not ok or failing";
                return null;
        }
        error = null;
        return new StatusDaemonCondition(pid, started, failing,
            failing ? values.GetValueOrDefault("reason") ?? "unknown" : null,
            failing ? values.GetValueOrDefault("message") ?? "" : null,
            since,
            failing && values.GetValueOrDefault("needs_action") == "yes");
    }

    /// <summary>Whether process <see cref="Pid"/> exists (a file left by a daemon that is gone names a dead pid).</summary>
    public bool IsRunning() => Directory.Exists("/proc/" + Pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>The reason in words: <c>query_failed</c> → "chronyd unreachable".</summary>
    public static string ReasonText(string? reason) => reason switch
    {
        "query_failed" => "chronyd unreachable",
        "report_rejected" => "chronyd's tracking reports rejected",
        "phc_bound_unavailable" => "the PHC error bound unavailable",
        "bound_rejected" => "chronyd's bound rejected",
        _ => $"failing ({reason})",
    };

    private static bool TryTime(Dictionary<string, string> values, string key, out DateTime time)
    {
        time = default;
        return values.TryGetValue(key, out string? text)
            && DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time);
    }
}
