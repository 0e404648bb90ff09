using ClockBound;

namespace PlatformProbe;

public static class Unguarded
{
    public static IClockBound Open() => ClockBoundClient.Open();
}
