using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>
/// The data a segment carries: a bound on the error of CLOCK_REALTIME at a monotonic instant,
/// and how it may be extrapolated. One consistent snapshot of a segment's body.
/// </summary>
/// <remarks>
/// Monotonic instants are CLOCK_MONOTONIC_COARSE readings in nanoseconds. Values obtained from
/// <see cref="SegmentCodec.DecodeBody"/> have been validated (see <see cref="Validate"/>).
/// </remarks>
internal readonly record struct ClockErrorBound
{
    /// <summary>The monotonic instant (ns) at which <see cref="BoundNanoseconds"/> holds.</summary>
    public required long AsOfNanoseconds { get; init; }

    /// <summary>The monotonic instant (ns) after which the data must not be trusted at all.</summary>
    public required long VoidAfterNanoseconds { get; init; }

    /// <summary>Upper bound (ns) on |CLOCK_REALTIME − true time| at <see cref="AsOfNanoseconds"/>.</summary>
    public required long BoundNanoseconds { get; init; }

    /// <summary>The worst-case drift of the local oscillator, in parts per billion.</summary>
    public required uint MaxDriftPpb { get; init; }

    /// <summary>The status the daemon published.</summary>
    public required ClockStatus Status { get; init; }

    /// <summary>The last VMClock disruption marker the daemon saw (version 2 only; 0 in version 1).</summary>
    public ulong DisruptionMarker { get; init; }

    /// <summary>Whether the daemon watches VMClock for disruptions (version 2 only; false in version 1).</summary>
    public bool DisruptionSupportEnabled { get; init; }

    /// <summary><see cref="AsOfNanoseconds"/> as a timespec.</summary>
    public Timespec AsOf => Timespec.FromNanoseconds(AsOfNanoseconds);

    /// <summary><see cref="VoidAfterNanoseconds"/> as a timespec.</summary>
    public Timespec VoidAfter => Timespec.FromNanoseconds(VoidAfterNanoseconds);

    /// <summary>
    /// Null if the values can be published in a segment of <paramref name="version"/>; otherwise
    /// the reason they cannot (the same rules a reader applies to what it decodes).
    /// </summary>
    public string? Validate(int version)
    {
        if (AsOfNanoseconds < 0 || VoidAfterNanoseconds < 0)
        {
            return "as_of and void_after must not be negative";
        }
        if (BoundNanoseconds < 0)
        {
            return $"bound_nsec is negative ({BoundNanoseconds})";
        }
        if (MaxDriftPpb >= 1_000_000_000u)
        {
            return $"max_drift_ppb is {MaxDriftPpb}, at least 1e9 (100 %)";
        }
        int maxStatus = version == 1 ? (int)ClockStatus.FreeRunning : (int)ClockStatus.Disrupted;
        if ((int)Status < 0 || (int)Status > maxStatus)
        {
            return $"clock_status {(int)Status} is outside 0..{maxStatus} for version {version}";
        }
        return null;
    }
}
