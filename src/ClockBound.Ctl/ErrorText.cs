using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary>One-line descriptions of the errors the commands report (scripts read stderr line by line). Pure.</summary>
internal static class ErrorText
{
    private const int NoSuchFile = 2; // ENOENT
    private const string DaemonHint = " (is the clockbound daemon running, with this --shm-path?)";

    /// <summary>
    /// The error's kind, then its message (which names the system call, the path and the errno),
    /// e.g. <c>SystemCallFailed: open failed for '/x': No such file or directory (errno 2)</c>;
    /// a missing segment adds a hint.
    /// </summary>
    public static string Describe(ClockBoundException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string text = $"{KindName(error.Kind)}: {OneLine(error.Message)}";
        // The client's own message already ends with the hint; older errors may not.
        return error.Kind == ClockBoundErrorKind.SystemCallFailed && error.Errno == NoSuchFile && !text.EndsWith(DaemonHint, StringComparison.Ordinal)
            ? text + DaemonHint
            : text;
    }

    /// <summary>
    /// <c>chronyd: MESSAGE</c> (the message names the socket and what failed), then, when given,
    /// <c>; fix: FIX</c>, on one line.
    /// </summary>
    public static string Describe(ChronyException error, string? fix = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        string text = $"chronyd: {OneLine(error.Message)}";
        return fix is null ? text : $"{text}; fix: {fix}";
    }

    /// <summary><paramref name="message"/> with its line breaks (some runtime messages have them) turned into spaces.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The kind's name, spelled as in <see cref="ClockBoundErrorKind"/>.</summary>
    public static string KindName(ClockBoundErrorKind kind) => kind switch
    {
        ClockBoundErrorKind.SystemCallFailed => "SystemCallFailed",
        ClockBoundErrorKind.SegmentNotInitialized => "SegmentNotInitialized",
        ClockBoundErrorKind.SegmentMalformed => "SegmentMalformed",
        ClockBoundErrorKind.CausalityBreach => "CausalityBreach",
        ClockBoundErrorKind.SegmentVersionNotSupported => "SegmentVersionNotSupported",
        _ => $"error {(int)kind}",
    };
}
