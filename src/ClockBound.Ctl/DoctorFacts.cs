namespace ClockBound.Ctl;

/// <summary>Everything doctor judges, gathered beforehand so the judging is pure.</summary>
/// <param name="Segment">The segment, its file and directory.</param>
/// <param name="Chrony">chronyd's tracking report, or why there is none.</param>
/// <param name="Conf">chronyd's configuration; null with <paramref name="ConfError"/>.</param>
/// <param name="ConfError">Why the configuration could not be read.</param>
/// <param name="Daemons">The visible clockbound processes.</param>
/// <param name="VMClockPath">The VMClock device looked for.</param>
/// <param name="VMClockPresent">Whether it exists.</param>
internal sealed record DoctorFacts(
    SegmentFacts Segment,
    ChronyFacts Chrony,
    ChronyConf? Conf,
    string? ConfError,
    IReadOnlyList<DaemonCommandLineFacts> Daemons,
    string VMClockPath,
    bool VMClockPresent)
{
    /// <summary>The daemon's user and the path to chronyd's socket, for the access check; null when not gathered.</summary>
    public DaemonSocketAccessFacts? DaemonSocketAccess { get; init; }
}
