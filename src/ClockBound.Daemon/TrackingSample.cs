namespace ClockBound.Daemon;

/// <summary>What one good tracking report says: the chrony status and, when Synchronized, the bound.</summary>
/// <param name="Status">The chrony input for the state machine.</param>
/// <param name="BoundNanoseconds">The bound at the sample's <c>as_of</c>; 0 unless <paramref name="Status"/> is Synchronized (only then is it kept).</param>
internal readonly record struct TrackingSample(ChronyClockStatus Status, long BoundNanoseconds);
