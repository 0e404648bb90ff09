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

    /// <summary>Asks chronyd at <paramref name="socketPath"/> for its tracking report.</summary>
    public static ChronyFacts Gather(string socketPath)
    {
        try
        {
            return new ChronyFacts(socketPath, ChronyAccess.GetTracking(new ChronyTarget(socketPath, null, Timeout)), null);
        }
        catch (ChronyException e)
        {
            return new ChronyFacts(socketPath, null, ErrorText.Describe(e)["chronyd: ".Length..]);
        }
    }
}
