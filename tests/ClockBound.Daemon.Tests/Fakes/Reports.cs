using ClockBound.Chrony;

namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>Tracking reports for tests: a healthy synchronised one by default.</summary>
internal static class Reports
{
    /// <summary>CLOCK_REALTIME the fakes start at: 2026-01-01T00:00:00Z.</summary>
    public const long RealtimeStart = 1_767_225_600L * 1_000_000_000L;

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
            // 2^-10 s ≈ 977 µs delay, 2^-12 s ≈ 244 µs dispersion, 2^-20 s ≈ 954 ns correction.
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

    /// <summary>ceil((2^-11 + 2^-12 + 2^-20) × 1e9) for the default report.</summary>
    public const long DefaultBoundNanoseconds = 733_376; // 488281.25 + 244140.625 + 953.67431640625 = 733375.549...

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
