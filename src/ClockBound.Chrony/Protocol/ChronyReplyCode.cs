namespace ClockBound.Chrony.Protocol;

/// <summary>Reply codes (the <c>reply</c> field) of the replies implemented here.</summary>
internal enum ChronyReplyCode : ushort
{
    /// <summary>NULL: header only, no body.</summary>
    Null = 1,

    /// <summary>N_SOURCES: u32 count.</summary>
    NSources = 2,

    /// <summary>SOURCE_DATA: one source.</summary>
    SourceData = 3,

    /// <summary>TRACKING: the tracking report.</summary>
    Tracking = 5,
}
