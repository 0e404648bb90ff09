using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary>chronyd's tracking report, or why it could not be had (unreachable is a fact, not an error).</summary>
/// <param name="SocketPath">The socket asked.</param>
/// <param name="Tracking">The report; null with <paramref name="Error"/>.</param>
/// <param name="Error">Why chronyd could not be asked.</param>
internal sealed record ChronyFacts(string SocketPath, TrackingReport? Tracking, string? Error)
{
    /// <summary>Short: status and doctor must not hang on a chronyd that does not answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    /// <summary>How the report came; null when there is none (or in tests, for the Unix socket).</summary>
    public ChronyWay? Way { get; init; }

    /// <summary>Why chronyd could not be asked, classified; null with a report.</summary>
    public ChronyFailureKind? FailureKind { get; init; }

    /// <summary>The fix for <see cref="Error"/>, in clockboundctl's flags; null with a report.</summary>
    public string? Fix { get; init; }

    /// <summary>Whether the report came over UDP because the Unix socket could not be used.</summary>
    public bool OverUdp => Way?.Transport == ChronyTransport.Udp;

    /// <summary>Asks chronyd at <paramref name="socketPath"/> (then its UDP port <paramref name="udpPort"/>) for its tracking report.</summary>
    public static ChronyFacts Gather(string socketPath, int udpPort = ChronyUdpConnection.DefaultPort)
    {
        var target = new ChronyTarget(socketPath, null, Timeout, udpPort);
        try
        {
            ChronyQueryResult<TrackingReport> result = ChronyAccess.GetTracking(target);
            return new ChronyFacts(socketPath, result.Value, null) { Way = ChronyWay.Of(result) };
        }
        catch (ChronyException e)
        {
            return new ChronyFacts(socketPath, null, ErrorText.Describe(e)["chronyd: ".Length..])
            {
                FailureKind = e.Kind,
                Fix = ChronyAccess.Fix(e, target),
            };
        }
    }
}
