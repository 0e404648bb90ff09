using System.Net;

namespace ClockBound.Chrony;

/// <summary>chronyd's SOURCE_DATA reply for one source, decoded (<c>chronyc sources</c> prints the same fields).</summary>
public sealed record SourceReport
{
    /// <summary>The source's address (for a reference clock: its ref id as an IPv4-shaped value, family 3).</summary>
    public required IPAddress? Address { get; init; }

    /// <summary>The IPAddr family on the wire (0 unspecified, 1 IPv4, 2 IPv6, 3 reference id).</summary>
    public required ushort AddressFamily { get; init; }

    /// <summary>Polling interval as a power of two, in seconds (−2 is 0.25 s).</summary>
    public required short PollLog2 { get; init; }

    /// <summary>The source's stratum.</summary>
    public required ushort Stratum { get; init; }

    /// <summary>Selection state.</summary>
    public required SourceState State { get; init; }

    /// <summary>Server, peer or reference clock.</summary>
    public required SourceMode Mode { get; init; }

    /// <summary>chronyd's source flags (e.g. noselect, prefer, trust, require), raw.</summary>
    public required ushort Flags { get; init; }

    /// <summary>Reachability register: one bit per recent poll, newest lowest (chronyc prints it in octal).</summary>
    public required ushort Reachability { get; init; }

    /// <summary>Seconds since the last good sample (chronyc's "LastRx").</summary>
    public required uint SecondsSinceSample { get; init; }

    /// <summary>The last sample's offset as measured, seconds (chronyc: the value in brackets).</summary>
    public required ChronyFloat OriginalLatestOffset { get; init; }

    /// <summary>The last sample's offset adjusted for clock changes since, seconds (chronyc: the first value).</summary>
    public required ChronyFloat LatestOffset { get; init; }

    /// <summary>The last sample's error bound, seconds (chronyc: after "+/-").</summary>
    public required ChronyFloat LatestOffsetError { get; init; }
}
