namespace ClockBound.Chrony.Protocol;

/// <summary>Request codes (the <c>command</c> field) of the commands implemented here.</summary>
internal enum ChronyCommand : ushort
{
    /// <summary>BURST: take a burst of samples from the matching sources.</summary>
    Burst = 3,

    /// <summary>N_SOURCES: how many sources chronyd has.</summary>
    NSources = 14,

    /// <summary>SOURCE_DATA: one source's state, by index.</summary>
    SourceData = 15,

    /// <summary>TRACKING: the system clock's tracking report.</summary>
    Tracking = 33,

    /// <summary>RESET_SOURCES: drop every source's samples.</summary>
    ResetSources = 66,
}
