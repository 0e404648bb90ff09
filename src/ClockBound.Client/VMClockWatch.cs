using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using ClockBound.VMClock;

namespace ClockBound.Client;

/// <summary>
/// The client's view of the VMClock device: opened when a segment with disruption support on is
/// first read, retried at each refresh while it cannot be opened, and read on every reading
/// (a live migration must be seen at once). Without the device, the marker is in doubt.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class VMClockWatch : IDisposable
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private volatile VMClockReader? _reader;
    private volatile ClockBoundException? _openFailure;
    private bool _disposed;
    private long _lastAttempt = long.MinValue; // CLOCK_MONOTONIC_COARSE of the last failed open

    /// <summary>How often (ns) a device that could not be opened is tried again.</summary>
    public const long RetryIntervalNanoseconds = 1_000_000_000;

    public VMClockWatch(string path) => _path = path;

    /// <summary>Why the device could not be opened at the last attempt; null before any attempt and once it is open.</summary>
    public ClockBoundException? OpenFailure => _openFailure;

    /// <summary>
    /// Whether the device's marker differs from <paramref name="segmentMarker"/>, or cannot be
    /// known (the device is not open, or its page could not be read consistently).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool MarkerDiffers(ulong segmentMarker)
    {
        VMClockReader? reader = _reader;
        try
        {
            return reader is null || !reader.TryRead(out VMClockSnapshot page) || page.DisruptionMarker != segmentMarker;
        }
        catch (ObjectDisposedException)
        {
            return true; // the client is being disposed
        }
    }

    /// <summary>Opens the device unless it is open or failed to open within <see cref="RetryIntervalNanoseconds"/> before <paramref name="monotonicCoarseNanoseconds"/>.</summary>
    public void EnsureOpen(long monotonicCoarseNanoseconds)
    {
        if (_reader is not null)
        {
            return;
        }
        lock (_gate)
        {
            if (_reader is not null || _disposed
                || (_lastAttempt != long.MinValue && monotonicCoarseNanoseconds - _lastAttempt < RetryIntervalNanoseconds))
            {
                return;
            }
            _lastAttempt = monotonicCoarseNanoseconds;
            try
            {
                _reader = VMClockReader.Open(_path);
                _openFailure = null;
            }
            catch (VMClockException e)
            {
                _openFailure = new ClockBoundException(ClockBoundErrorKind.VMClockUnavailable,
                    $"The ClockBound daemon watches the VMClock for disruptions (live migrations), but this process cannot open it: {e.Message}. " +
                    $"Until it can, readings are Unknown. Grant read access to the device, e.g. with a udev rule " +
                    $"KERNEL==\"vmclock0\", MODE=\"0444\" (in /etc/udev/rules.d/), or set ClockBoundClientOptions.VMClockPath.", e);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _reader?.Dispose();
        }
    }
}
