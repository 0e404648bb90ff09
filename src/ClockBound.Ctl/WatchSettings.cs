namespace ClockBound.Ctl;

/// <summary>What <c>clockboundctl watch</c> was asked to do.</summary>
/// <param name="SegmentPath">The segment to read.</param>
/// <param name="Interval">Time between two lines.</param>
/// <param name="Count">How many lines to print; 0 for no limit (until SIGINT/SIGTERM).</param>
/// <param name="Json">One JSON object per line instead of a line for people.</param>
internal sealed record WatchSettings(string SegmentPath, TimeSpan Interval, int Count, bool Json);
