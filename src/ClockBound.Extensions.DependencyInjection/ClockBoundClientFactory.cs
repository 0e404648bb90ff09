using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClockBound.Extensions.DependencyInjection;

/// <summary>Makes the container's <see cref="ClockBoundClient"/> from the options, on first resolve.</summary>
internal static class ClockBoundClientFactory
{
    public static ClockBoundClient Create(IServiceProvider services)
    {
        ClockBoundOptions options = services.GetRequiredService<IOptions<ClockBoundOptions>>().Value;
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "ClockBoundClient reads a Linux shared-memory segment. On this OS, register another IClockBound (e.g. FakeClockBound from ClockBound.Client.Testing) before calling AddClockBound.");
        }
        // Opens nothing: the segment is read on first use, so a host may start before the daemon.
        return ClockBoundClient.Open(options.SegmentPath, options.ToClientOptions());
    }
}
