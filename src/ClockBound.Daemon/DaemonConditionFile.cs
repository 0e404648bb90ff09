using System.Globalization;
using System.Text;
using ClockBound.Interop;
using ClockBound.Shm;
using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>
/// Writes the daemon's condition to <c>daemon-status</c> next to the version 2 segment, as
/// <c>key=value</c> lines that <c>clockboundctl status</c> reads. Written only when the condition
/// changes, atomically (a new temporary file, then <c>rename</c>), in the segment's directory
/// opened the segment writer's way: from <c>/</c>, one checked component at a time, never
/// following a link by name. A failure is logged and tried again at the next change.
/// </summary>
internal sealed class DaemonConditionFile
{
    /// <summary>The file's name in the segment's directory.</summary>
    public const string FileName = "daemon-status";

    /// <summary>rw-r--r--: any user's <c>clockboundctl status</c> reads it.</summary>
    public const uint Mode = 0b110_100_100;

    private readonly string _segmentPath;
    private readonly int _pid;
    private readonly long _startedRealtimeNanoseconds;
    private readonly ILogger _logger;

    /// <summary>Writes next to <paramref name="segmentPath"/> for process <paramref name="pid"/>, started at <paramref name="startedRealtimeNanoseconds"/>.</summary>
    public DaemonConditionFile(string segmentPath, int pid, long startedRealtimeNanoseconds, ILogger logger)
    {
        _segmentPath = System.IO.Path.GetFullPath(segmentPath);
        _pid = pid;
        _startedRealtimeNanoseconds = startedRealtimeNanoseconds;
        _logger = logger;
        Path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_segmentPath) ?? "/", FileName);
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>Replaces the file with <paramref name="condition"/>; returns whether that worked (a failure is logged).</summary>
    public bool Write(DaemonCondition condition)
    {
        byte[] contents = Encoding.UTF8.GetBytes(Format(condition, _pid, _startedRealtimeNanoseconds));
        string temporary = $".{FileName}.{_pid.ToString(CultureInfo.InvariantCulture)}.tmp";
        try
        {
            using DirectoryHandle directory = SegmentDirectory.Open(_segmentPath, out _);
            directory.TryDelete(temporary); // left by a killed daemon that had this pid
            using (FileHandle file = directory.CreateNewFile(temporary, Mode))
            {
                file.SetPermissions(Mode); // whatever the umask
                file.ReplaceContents(contents);
            }
            directory.Rename(temporary, FileName);
            return true;
        }
        catch (Exception e) when (e is SystemCallException or IOException or UnauthorizedAccessException)
        {
            ObservabilityLog.ConditionFileFailed(_logger, Path, e.Message);
            return false;
        }
    }

    /// <summary>The file's text: one <c>key=value</c> line each for pid, started, condition, and while failing reason, since and message.</summary>
    internal static string Format(DaemonCondition condition, int pid, long startedRealtimeNanoseconds)
    {
        var text = new StringBuilder(256);
        text.Append("# clockbound's condition, rewritten when it changes; read by clockboundctl status\n");
        Line(text, "pid", pid.ToString(CultureInfo.InvariantCulture));
        Line(text, "started", Timestamp(startedRealtimeNanoseconds));
        Line(text, "condition", condition.Failing ? "failing" : "ok");
        Line(text, "since", Timestamp(condition.SinceRealtimeNanoseconds));
        if (condition.Failing)
        {
            Line(text, "reason", SampleFailureNames.NameOf(condition.Failure));
            Line(text, "needs_action", condition.NeedsAction ? "yes" : "no");
            Line(text, "message", OneLine(condition.Message ?? ""));
        }
        return text.ToString();
    }

    /// <summary>UTC, ISO 8601 with milliseconds: <c>2026-12-02T00:00:01.250Z</c>.</summary>
    internal static string Timestamp(long realtimeNanoseconds) =>
        DateTime.UnixEpoch.AddTicks(realtimeNanoseconds / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    private static void Line(StringBuilder text, string key, string value) => text.Append(key).Append('=').Append(value).Append('\n');
}
