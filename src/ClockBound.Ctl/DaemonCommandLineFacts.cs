using ClockBound.Shm;

namespace ClockBound.Ctl;

/// <summary>What doctor needs from a running daemon's command line.</summary>
/// <param name="Pid">The process.</param>
/// <param name="SegmentPath">Its <c>--shm-path</c> (the default when not given).</param>
/// <param name="PhcRefId">Its <c>-r/--phc-ref-id</c>, or null.</param>
internal sealed record DaemonCommandLineFacts(int Pid, string SegmentPath, string? PhcRefId)
{
    /// <summary>Reads the options from <paramref name="arguments"/> (without the program name). Pure.</summary>
    public static DaemonCommandLineFacts Parse(int pid, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        string segmentPath = SegmentLayout.DefaultPathV2;
        string? phcRefId = null;
        for (int i = 0; i < arguments.Count; i++)
        {
            string argument = arguments[i];
            string? next = i + 1 < arguments.Count ? arguments[i + 1] : null;
            if (Value(argument, next, "--shm-path", null, ref i) is string path)
            {
                segmentPath = path;
            }
            else if (Value(argument, next, "--phc-ref-id", "-r", ref i) is string refId)
            {
                phcRefId = refId;
            }
        }
        return new DaemonCommandLineFacts(pid, segmentPath, phcRefId);
    }

    /// <summary>Whether this daemon writes <paramref name="segmentPath"/> (/var/run and /run are the same directory).</summary>
    public bool Writes(string segmentPath) => Normalise(SegmentPath) == Normalise(segmentPath);

    private static string Normalise(string path)
    {
        string full = Path.GetFullPath(path);
        return full.StartsWith("/var/run/", StringComparison.Ordinal) ? full["/var".Length..] : full;
    }

    private static string? Value(string argument, string? next, string longName, string? shortName, ref int i)
    {
        if (argument == longName || (shortName is not null && argument == shortName))
        {
            if (next is null)
            {
                return null;
            }
            i++;
            return next;
        }
        if (argument.StartsWith(longName + "=", StringComparison.Ordinal))
        {
            return argument[(longName.Length + 1)..];
        }
        if (shortName is not null && argument.StartsWith(shortName, StringComparison.Ordinal) && argument.Length > shortName.Length && !argument.StartsWith("--", StringComparison.Ordinal))
        {
            return argument[shortName.Length..].TrimStart('=');
        }
        return null;
    }
}
