using System.Globalization;
using System.Text;
using ClockBound.Client;
using ClockBound.Shm;

namespace ClockBound.Ctl;

/// <summary><c>clockboundctl status</c>'s output: the segment's fields in words, and chronyd's state; or one JSON object. Pure.</summary>
internal static class StatusFormatter
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>One "label: value" line per fact, each ending in '\n'; a <c>daemon:</c> line when the daemon wrote its condition.</summary>
    public static string FormatText(SegmentFacts segment, ChronyFacts chrony, StatusDaemonFacts? daemon = null)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(chrony);
        var text = new StringBuilder(800);
        string version = segment.Snapshot is { } snap ? $" (version {snap.Version})" : "";
        Line(text, "segment", $"{segment.Path}{version}");
        Line(text, "file", segment.File is { } file ? $"owner {file.OwnerText}, mode {file.OctalMode}" : $"unknown ({segment.FileError})");
        Line(text, "directory", segment.Directory is { } dir ? $"{dir.Path}, owner {dir.OwnerText}, mode {dir.OctalMode}" : $"unknown ({segment.DirectoryError})");
        if (segment.Snapshot is not { } snapshot || segment.Reading is not { } reading)
        {
            Line(text, "status", $"unreadable: {segment.Error}");
        }
        else
        {
            ClockErrorBound value = snapshot.Value;
            string published = reading.Status == value.Status ? "" : $" (the daemon published {NowFormatter.StatusName(value.Status)}; {StatusChangeReason(segment)})";
            Line(text, "status", NowFormatter.StatusName(reading.Status) + published);
            Line(text, "bound", $"{HumanDuration.FormatCeiling(reading.BoundNanoseconds)} now ({HumanDuration.FormatCeiling(value.BoundNanoseconds)} at the last update, plus {DriftText(value.MaxDriftPpb)} since)");
            Line(text, "last update", AgeText(segment));
            Line(text, "void after", VoidAfterText(value.VoidAfterNanoseconds - segment.MonotonicNow));
            Line(text, "max drift", DriftText(value.MaxDriftPpb));
            Line(text, "disruption", snapshot.Version == 1
                ? "not in a version 1 segment"
                : $"support {(value.DisruptionSupportEnabled ? "on" : "off")}, marker {value.DisruptionMarker.ToString(CultureInfo.InvariantCulture)}");
        }
        if (DaemonText(daemon) is string daemonLine)
        {
            Line(text, "daemon", daemonLine);
        }
        Line(text, "chronyd", ChronyText(chrony));
        return text.ToString();
    }

    /// <summary>The same facts as one JSON object (snake_case keys), without a newline.</summary>
    public static string FormatJson(SegmentFacts segment, ChronyFacts chrony, StatusDaemonFacts? daemon = null)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(chrony);
        return JsonText.Object(json =>
        {
            json.WriteString("segment_path", segment.Path);
            if (segment.Snapshot is { } snapshot && segment.Reading is { } reading)
            {
                ClockErrorBound value = snapshot.Value;
                json.WriteNumber("segment_version", snapshot.Version);
                json.WriteString("status", NowFormatter.StatusName(reading.Status));
                json.WriteString("published_status", NowFormatter.StatusName(value.Status));
                json.WriteNumber("bound_ns", reading.BoundNanoseconds);
                json.WriteNumber("published_bound_ns", value.BoundNanoseconds);
                json.WriteNumber("data_age_ns", segment.MonotonicNow - value.AsOfNanoseconds);
                json.WriteNumber("void_after_in_ns", value.VoidAfterNanoseconds - segment.MonotonicNow);
                json.WriteNumber("max_drift_ppb", value.MaxDriftPpb);
                json.WriteBoolean("disruption_support", value.DisruptionSupportEnabled);
                json.WriteNumber("disruption_marker", value.DisruptionMarker);
                json.WriteNull("error");
            }
            else
            {
                json.WriteString("error", segment.Error);
            }
            if (segment.Publishing is bool publishing)
            {
                json.WriteBoolean("publishing", publishing);
            }
            else
            {
                json.WriteNull("publishing");
            }
            WriteFile(json, "file", segment.File);
            WriteFile(json, "directory", segment.Directory);
            WriteDaemon(json, daemon);
            json.WriteStartObject("chronyd");
            json.WriteString("socket", chrony.SocketPath);
            json.WriteBoolean("reachable", chrony.Tracking is not null);
            chrony.Way?.WriteJson(json);
            if (chrony.Tracking is { } tracking)
            {
                json.WriteString("leap_status", TrackingFormatter.LeapStatusText(tracking.LeapStatus));
                json.WriteNumber("stratum", tracking.Stratum);
                json.WriteString("reference", ReferenceNames.For(tracking));
                json.WriteNull("error");
            }
            else
            {
                json.WriteString("error", chrony.Error);
            }
            json.WriteEndObject();
        });
    }

    /// <summary>
    /// How old the data is, with the likely cause once it is older than the readers' grace:
    /// nothing writes the segment (the daemon is not running), or the daemon writes but has had
    /// no good sample from chronyd.
    /// </summary>
    public static string AgeText(SegmentFacts segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        long age = segment.DataAgeNanoseconds ?? 0;
        string ago = $"{SecondsText(age)} ago";
        if (age < NowCalculator.RestartGraceNanoseconds)
        {
            return segment.Publishing == false ? $"{ago}, but nothing has written the segment for {WatchText}: is the daemon running?" : ago;
        }
        return segment.Publishing switch
        {
            false => $"{ago}: is the daemon running? (nothing has written the segment for {WatchText})",
            true => $"{ago}: the daemon is running but has had no good sample from chronyd since (see the chronyd line, and the daemon's log)",
            null => $"{ago}: is the daemon running?",
        };
    }

    /// <summary>
    /// The daemon's condition in words: "chronyd unreachable since 12:00:01 (120 s): MESSAGE", "ok
    /// since ..."; with "pid N is not running" when the file outlived its daemon. Null without a file.
    /// </summary>
    public static string? DaemonText(StatusDaemonFacts? daemon)
    {
        if (daemon is null)
        {
            return null;
        }
        if (daemon.Condition is not { } condition)
        {
            return daemon.Error is null ? null : $"condition unknown: {daemon.Error}";
        }
        string since = $"since {condition.Since.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC ({SecondsWhole(daemon.Now - condition.Since)})";
        string state = condition.Failing
            ? $"{StatusDaemonCondition.ReasonText(condition.Reason)} {since}{(condition.NeedsAction ? " (needs action: this will not clear by itself)" : "")}: {condition.Message}"
            : $"ok {since}, pid {condition.Pid}";
        return daemon.Running ? state : $"pid {condition.Pid} is not running (its last condition: {state})";
    }

    private static string SecondsWhole(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (long)elapsed.TotalSeconds)} s");

    private static void WriteDaemon(System.Text.Json.Utf8JsonWriter json, StatusDaemonFacts? daemon)
    {
        if (daemon?.Condition is not { } condition)
        {
            json.WriteNull("daemon");
            return;
        }
        json.WriteStartObject("daemon");
        json.WriteNumber("pid", condition.Pid);
        json.WriteBoolean("running", daemon.Running);
        json.WriteString("started", condition.Started.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteString("condition", condition.Failing ? "failing" : "ok");
        json.WriteString("since", condition.Since.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteNumber("since_seconds_ago", Math.Max(0, (long)(daemon.Now - condition.Since).TotalSeconds));
        json.WriteBoolean("needs_action", condition.NeedsAction);
        if (condition.Failing)
        {
            json.WriteString("reason", condition.Reason);
            json.WriteString("message", condition.Message);
        }
        else
        {
            json.WriteNull("reason");
            json.WriteNull("message");
        }
        json.WriteEndObject();
    }

    private static string WatchText => SecondsText((long)SegmentFacts.PublishingWatch.TotalNanoseconds);

    private static string StatusChangeReason(SegmentFacts segment) =>
        segment.DataAgeNanoseconds >= NowCalculator.RestartGraceNanoseconds
            ? "clients read it so because its data is older than 5 s"
            : "clients read it so";

    private static string VoidAfterText(long inNanoseconds) =>
        inNanoseconds > 0 ? $"in {SecondsText(inNanoseconds)} (then clients read Unknown)" : $"{SecondsText(-inNanoseconds)} ago: clients read Unknown";

    private static string DriftText(uint ppb) =>
        string.Create(CultureInfo.InvariantCulture, $"{ppb / 1000m:0.###} PPM ({ppb} ppb)");

    private static string SecondsText(long nanoseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(nanoseconds) / (double)NanosecondsPerSecond:0.0} s");

    private static string ChronyText(ChronyFacts chrony) =>
        chrony.Tracking is { } tracking
            ? $"reachable {Where(chrony)}: leap status {TrackingFormatter.LeapStatusText(tracking.LeapStatus)}, stratum {tracking.Stratum}, reference {tracking.RefId:X8} ({ReferenceNames.For(tracking)})"
            : chrony.Fix is string fix ? $"unreachable: {chrony.Error}; fix: {fix}" : $"unreachable: {chrony.Error}";

    /// <summary><c>at SOCKET</c>, or <c>over UDP at 127.0.0.1:323 (why not the socket)</c>.</summary>
    internal static string Where(ChronyFacts chrony) => chrony.Way?.UdpNote ?? $"at {chrony.SocketPath}";

    private static void WriteFile(System.Text.Json.Utf8JsonWriter json, string name, FileFacts? file)
    {
        if (file is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        json.WriteString("path", file.Path);
        json.WriteString("owner", file.OwnerText);
        json.WriteNumber("uid", file.Uid);
        json.WriteNumber("gid", file.Gid);
        json.WriteString("mode", file.OctalMode);
        json.WriteEndObject();
    }

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append((label + ":").PadRight(13)).Append(value).Append('\n');
}
