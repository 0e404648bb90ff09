using System.Net;
using ClockBound.Chrony;

namespace ClockBound.Ctl.Tests;

/// <summary>Tracking reports for formatter tests: a client synchronised to 127.0.0.1, values exact in chrony floats.</summary>
internal static class Reports
{
    public static TrackingReport Synchronized(
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
}
