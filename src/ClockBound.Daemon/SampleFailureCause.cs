using ClockBound.Chrony;

namespace ClockBound.Daemon;

/// <summary>
/// Why the last sample failed, for status and metrics: <see cref="DaemonLoop.LastSampleFailureCause"/>.
/// <see cref="None"/> after a good sample.
/// </summary>
/// <param name="Failure">What failed (<see cref="SampleFailure.None"/> for a good sample).</param>
/// <param name="ChronyKind">For <see cref="SampleFailure.QueryFailed"/>, why chronyd could not be asked; null otherwise.</param>
internal readonly record struct SampleFailureCause(SampleFailure Failure, ChronyFailureKind? ChronyKind)
{
    /// <summary>The last sample was good.</summary>
    public static SampleFailureCause None => default;

    /// <summary>Whether the cause stays until someone acts (permissions, a missing socket directory).</summary>
    public bool IsPersistent => ChronyKind is ChronyFailureKind kind && ChronyFailureAdvice.IsPersistent(kind);
}
