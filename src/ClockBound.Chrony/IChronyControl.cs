namespace ClockBound.Chrony;

/// <summary>
/// The chronyd commands the daemon needs. <c>ChronyConnection</c> implements it over
/// chronyd's command socket; unit tests of the daemon's logic substitute a fake. Disposing
/// closes the connection (and removes its client socket file).
/// </summary>
public interface IChronyControl : IDisposable
{
    /// <summary>Asks for the TRACKING report.</summary>
    /// <exception cref="ChronyException">No valid reply within the timeout, or chronyd answered with an error status.</exception>
    TrackingReport GetTracking();

    /// <summary>RESET_SOURCES: chronyd drops every source's samples (after a clock disruption).</summary>
    /// <exception cref="ChronyException">No valid reply within the timeout, or chronyd answered with an error status.</exception>
    void ResetSources();

    /// <summary>BURST to all sources (mask and address unspecified) with the given sample counts.</summary>
    /// <exception cref="ChronyException">No valid reply within the timeout, or chronyd answered with an error status.</exception>
    void Burst(int goodSamples, int totalSamples);
}
