using System.Net;
using ClockBound.Chrony;

namespace ClockBound.TestSupport;

/// <summary>chronyd TRACKING reports for tests, values exact in chrony floats.</summary>
public static class Reports
{
    /// <summary>CLOCK_REALTIME the daemon's fakes start at: 2026-01-01T00:00:00Z.</summary>
    public const long RealtimeStart = 1_767_225_600L * 1_000_000_000L;

    /// <summary>ceil((2^-11 + 2^-12 + 2^-20) × 1e9) for the default <see cref="Synchronized"/> report.</summary>
    public const long DefaultBoundNanoseconds = 733_376; // 488281.25 + 244140.625 + 953.67431640625 = 733375.549...

    /// <summary>
    /// A healthy synchronised report made <paramref name="ageNanoseconds"/> before
    /// <paramref name="realtimeNanoseconds"/>: 2^-10 s ≈ 977 µs delay, 2^-12 s ≈ 244 µs dispersion,
    /// 2^-20 s ≈ 954 ns correction, the other offsets zero.
    /// </summary>
    public static TrackingReport Synchronized(
        long realtimeNanoseconds = RealtimeStart,
        long ageNanoseconds = 1_000_000_000,
        ChronyFloat? rootDelay = null,
        ChronyFloat? rootDispersion = null,
        ChronyFloat? currentCorrection = null,
        ChronyFloat? lastUpdateInterval = null,
        ushort leapStatus = 0,
        uint refId = 0x7F000001)
    {
        long refTime = realtimeNanoseconds - ageNanoseconds;
        return new TrackingReport
        {
            RefId = refId,
            Address = null,
            AddressFamily = 1,
            Stratum = 2,
            LeapStatus = leapStatus,
            RefTimeSeconds = Math.DivRem(refTime, 1_000_000_000L, out long nanos),
            RefTimeNanoseconds = (uint)nanos,
            CurrentCorrection = currentCorrection ?? Floats.PowerOfTwo(-20),
            LastOffset = Floats.Zero,
            RmsOffset = Floats.Zero,
            FrequencyPpm = Floats.Zero,
            ResidualFrequencyPpm = Floats.Zero,
            SkewPpm = Floats.Zero,
            RootDelay = rootDelay ?? Floats.PowerOfTwo(-10),
            RootDispersion = rootDispersion ?? Floats.PowerOfTwo(-12),
            LastUpdateInterval = lastUpdateInterval ?? Floats.Seconds(16),
        };
    }

    /// <summary>
    /// A client synchronised to 127.0.0.1 whose every field has its own value, as chronyc prints
    /// one (for formatter tests): a fast clock, a tie at 3 decimals in the residual frequency.
    /// </summary>
    public static TrackingReport EveryFieldDistinct(
        ChronyFloat? currentCorrection = null,
        ChronyFloat? frequencyPpm = null,
        ushort leapStatus = 0) => new()
    {
        RefId = 0x7F000001,
        Address = IPAddress.Loopback,
        AddressFamily = 1,
        Stratum = 2,
        LeapStatus = leapStatus,
        RefTimeSeconds = 1_795_631_461,
        RefTimeNanoseconds = 779_918_192,
        CurrentCorrection = currentCorrection ?? Floats.Of(-9_667_000, -42), // −2.198...e-6 s: fast
        LastOffset = Floats.Of(-89, -30),                // −8.288999...e-8 s
        RmsOffset = Floats.Of(510, -30),                 // 4.749745...e-7 s
        FrequencyPpm = frequencyPpm ?? Floats.Of(25_166, -20),     // 0.0240001678... ppm: fast
        ResidualFrequencyPpm = Floats.Of(1, -10),        // 0.0009765625 ppm: a tie at 3 decimals
        SkewPpm = Floats.Of(115, -10),                   // 0.1123046875 ppm
        RootDelay = Floats.Of(8932, -30),                // 8.3185918629169464e-6 s
        RootDispersion = Floats.Of(56767, -30),          // 5.2868761122226715e-5 s
        LastUpdateInterval = Floats.Of(1, -1),           // 0.5 s
    };

    /// <summary>What chronyd reports right after a restart: unsynchronised, root delay and dispersion 1 s.</summary>
    public static TrackingReport JustRestarted(long realtimeNanoseconds = RealtimeStart) => new()
    {
        RefId = 0,
        Address = null,
        AddressFamily = 0,
        Stratum = 0,
        LeapStatus = 3,
        RefTimeSeconds = 0,
        RefTimeNanoseconds = 0,
        CurrentCorrection = Floats.Zero,
        LastOffset = Floats.Zero,
        RmsOffset = Floats.Zero,
        FrequencyPpm = Floats.Zero,
        ResidualFrequencyPpm = Floats.Zero,
        SkewPpm = Floats.Zero,
        RootDelay = Floats.Seconds(1),
        RootDispersion = Floats.Seconds(1),
        LastUpdateInterval = Floats.Zero,
    };
}
