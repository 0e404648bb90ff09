namespace ClockBound.Shm.TestHost;

/// <summary>
/// The values the torn-read stress tests publish: every field is derived from one counter k, so a
/// snapshot that mixes two updates (a torn read) is recognisable. Every 8-byte word of the body
/// changes from one k to the next, so a mix of any two words from different updates is caught.
/// </summary>
internal static class StressValue
{
    /// <summary>The value published for counter <paramref name="k"/> (k ≥ 1) in a segment of <paramref name="version"/>.</summary>
    public static ClockErrorBound For(long k, int version) => new()
    {
        AsOfNanoseconds = k * 1_000_003L,
        VoidAfterNanoseconds = k * 1_000_003L + 1_000_000_000_000L + k % 1_000,
        BoundNanoseconds = k,
        MaxDriftPpb = (uint)(k * 7_919 % 999_999_999),
        Status = (ClockStatus)(k % (version == 1 ? 3 : 4)),
        DisruptionMarker = version == 2 ? (ulong)k * 0x9E3779B97F4A7C15UL : 0,
        DisruptionSupportEnabled = version == 2 && (k & 1) == 1,
    };

    /// <summary>Whether <paramref name="value"/> is exactly what was published for some k (returned).</summary>
    public static bool IsConsistent(in ClockErrorBound value, int version, out long k)
    {
        k = value.BoundNanoseconds;
        return k >= 1 && value == For(k, version);
    }
}
