namespace ClockBound.VMClock;

/// <summary>One consistent copy of the VMClock fields ClockBound uses.</summary>
/// <param name="SeqCount">The (even) sequence count the copy was taken under.</param>
/// <param name="DisruptionMarker">Changes whenever the guest's clock may have been disrupted.</param>
/// <param name="Flags">The flags word (bit 1 disruption soon, bit 2 imminent, ...).</param>
/// <param name="ClockStatus">0 unknown, 1 initializing, 2 synchronized, 3 free-running, 4 unreliable.</param>
internal readonly record struct VMClockSnapshot(uint SeqCount, ulong DisruptionMarker, ulong Flags, byte ClockStatus);
