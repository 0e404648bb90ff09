namespace ClockBound.Daemon;

/// <summary>
/// The last good sample: the bound of the last Synchronized report and its <c>as_of</c>
/// (daemon.md, loop steps 4 and 5). Only a Synchronized sample replaces it, so chronyd's
/// just-restarted report (root delay and dispersion of 1 s) never widens a good bound.
/// Not thread-safe: the loop uses it under its lock.
/// </summary>
internal sealed class BoundKeeper
{
    /// <summary>Whether a good sample has been kept since the start (or since <see cref="Forget"/>).</summary>
    public bool HasGoodSample { get; private set; }

    /// <summary>The kept sample's <c>as_of</c> (CLOCK_MONOTONIC_COARSE, ns); meaningless without a good sample.</summary>
    public long AsOfNanoseconds { get; private set; }

    /// <summary>The kept bound at <see cref="AsOfNanoseconds"/>; meaningless without a good sample.</summary>
    public long BoundNanoseconds { get; private set; }

    /// <summary>Keeps a Synchronized sample taken at <paramref name="asOfNanoseconds"/>.</summary>
    public void Keep(long asOfNanoseconds, long boundNanoseconds)
    {
        HasGoodSample = true;
        AsOfNanoseconds = asOfNanoseconds;
        BoundNanoseconds = boundNanoseconds;
    }

    /// <summary>Drops the kept sample (it predates a disruption: never to be trusted again).</summary>
    public void Forget() => HasGoodSample = false;

    /// <summary>
    /// Step 5: the chrony status a failed sample at <paramref name="asOfNanoseconds"/> stands for:
    /// FreeRunning within 5 s of the kept sample (its bound still extrapolates), else Unknown.
    /// </summary>
    public ChronyClockStatus StatusAfterFailure(long asOfNanoseconds) =>
        HasGoodSample && asOfNanoseconds - AsOfNanoseconds < DaemonTiming.FreeRunningGraceNanoseconds
            ? ChronyClockStatus.FreeRunning
            : ChronyClockStatus.Unknown;
}
