using ClockBound.VMClock;

namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>A VMClock stand-in: the marker is whatever the test sets; it can be made to fail.</summary>
internal sealed class FakeMarkerSource : IDisruptionMarkerSource
{
    public ulong Marker { get; set; } = 0x1234;
    public bool Fails { get; set; }
    public int Reads { get; private set; }

    public string Description => "fake VMClock";

    public ulong ReadMarker()
    {
        Reads++;
        return Fails ? throw new VMClockException("seq_count stayed odd") : Marker;
    }
}
