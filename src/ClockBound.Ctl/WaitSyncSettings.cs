namespace ClockBound.Ctl;

/// <summary>What <c>clockboundctl waitsync</c> was asked to do.</summary>
/// <param name="SegmentPath">The segment to watch.</param>
/// <param name="Timeout">How long to wait before giving up (exit 1).</param>
/// <param name="MaxBoundNanoseconds">The largest bound that counts as synchronised; null for any.</param>
/// <param name="PollInterval">Time between two looks at the segment.</param>
internal sealed record WaitSyncSettings(string SegmentPath, TimeSpan Timeout, long? MaxBoundNanoseconds, TimeSpan PollInterval);
