using System.Runtime.CompilerServices;
using ClockBound.Client;
using ClockBound.Interop;
using ClockBound.Shm;
using ClockBound.VMClock;

namespace ClockBound;

/// <summary>
/// Reads the shared-memory segment a ClockBound daemon publishes (protocol version 1 or 2) and
/// answers <see cref="Now"/> with an interval that contains true time. Thread-safe; one instance
/// per process is enough. <see cref="Now"/> does not allocate.
/// </summary>
/// <example>
/// <code>
/// using ClockBoundClient clock = ClockBoundClient.Open();
/// ClockBoundNow now = clock.Now();
/// if (now.IsReliable) { /* true time is in [now.Earliest, now.Latest] */ }
/// </code>
/// </example>
public sealed class ClockBoundClient : IClockBound, IDisposable
{
    /// <summary>
    /// A cached snapshot whose <c>as_of</c> is older than this (ns) is re-read before use (see
    /// <see cref="Now"/>). A synchronised daemon moves <c>as_of</c> every 100 ms (1 s for older
    /// daemons); an older one comes from a stopped daemon, an unsynchronised chrony, or a stale cache.
    /// </summary>
    private const long StaleCacheNanoseconds = 2_000_000_000;

    /// <summary>
    /// For this long (ns) after a re-read of the segment, the reader's cache is trusted even with an
    /// old <c>as_of</c>: a wrap of the generation takes 32767 updates, far more than any daemon makes
    /// in a second. Without this, every call would re-read while the daemon keeps an old <c>as_of</c>
    /// (it does so whenever chrony is not synchronised) or has stopped.
    /// </summary>
    private const long ConfirmedCacheNanoseconds = 1_000_000_000;

    // When (CLOCK_MONOTONIC_COARSE, ns) a Now() last re-read the segment, refreshing the reader's
    // cache, which all threads share; long.MinValue: never.
    private long _freshReadAt = long.MinValue;

    private const int VMClockNotTried = 0, VMClockOpen = 1, VMClockUnavailable = 2;

    private readonly SegmentReader _reader;
    private readonly string _vmClockPath;
    private readonly Lock _vmClockGate = new();
    private volatile VMClockReader? _vmClock;
    private volatile int _vmClockState;
    private Exception? _vmClockOpenFailure;

    private ClockBoundClient(SegmentReader reader, string vmClockPath)
    {
        _reader = reader;
        _vmClockPath = vmClockPath;
    }

    /// <summary>The segment's path.</summary>
    public string Path => _reader.Path;

    /// <summary>The protocol version the segment declares now: 2, 1, or 0 while it is not initialised.</summary>
    public int SegmentVersion => _reader.Version;

    /// <summary>
    /// Why the VMClock device could not be opened, once a segment with disruption support on made
    /// the client try; null before that and when it opened. Without the device the disruption
    /// marker is not compared and the segment's status is taken as it is.
    /// </summary>
    public Exception? VMClockOpenFailure => _vmClockState == VMClockUnavailable ? _vmClockOpenFailure : null;

    /// <summary>
    /// Maps the segment at <paramref name="path"/> read-only. Its contents are checked on every
    /// <see cref="Now"/>, so a client may be opened before the daemon has published anything.
    /// </summary>
    /// <param name="path">The segment: <see cref="SegmentLayout.DefaultPathV2"/> (default) or a version 1 segment such as <see cref="SegmentLayout.DefaultPathV1"/>.</param>
    /// <param name="options">Other settings; null for the defaults.</param>
    /// <exception cref="ClockBoundException">
    /// <see cref="ClockBoundErrorKind.SystemCallFailed"/> with <see cref="ClockBoundException.SystemCall"/>
    /// and <see cref="ClockBoundException.Errno"/> (e.g. <c>open</c>, 2 when the daemon has never run),
    /// or <see cref="ClockBoundErrorKind.SegmentNotInitialized"/> (the file is shorter than a header).
    /// </exception>
    public static ClockBoundClient Open(string path = SegmentLayout.DefaultPathV2, ClockBoundClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string vmClockPath = options?.VMClockPath ?? ClockBoundClientOptions.DefaultVMClockPath;
        return new ClockBoundClient(SegmentReader.Open(path), vmClockPath);
    }

    /// <summary>
    /// Reads the segment, then CLOCK_REALTIME, then CLOCK_MONOTONIC_COARSE, and computes the
    /// interval and status (see <see cref="NowCalculator.Compute"/>). Thread-safe, allocation-free.
    /// </summary>
    /// <exception cref="ClockBoundException">
    /// The segment is not initialised, malformed, of an unsupported version, or from the monotonic
    /// future (<see cref="ClockBoundErrorKind.CausalityBreach"/>).
    /// </exception>
    /// <exception cref="ObjectDisposedException">The client has been disposed.</exception>
    public ClockBoundNow Now()
    {
        // The snapshot comes first: clocks read before it could be older than a fresh as_of and
        // make it look like a causality breach. A late monotonic read only widens the bound.
        ClockErrorBound snapshot = _reader.Read(out bool fromCache);
        long real = Clocks.RealtimeNanoseconds();
        long mono = Clocks.MonotonicCoarseNanoseconds();
        // The cache is keyed on the u16 generation, which comes back to the same value after 32767
        // updates (~55 min at 10 Hz): a client idle that long could reuse a snapshot from before
        // the wrap. Such a snapshot has an old as_of, so an old as_of earns a fresh read, unless
        // one was made in the last second (an old as_of is also what a stopped daemon, or one
        // whose chrony is not synchronised, publishes: re-reading every call would cost 3x).
        // Both values are non-negative, so the difference cannot overflow.
        if (fromCache && mono - snapshot.AsOfNanoseconds > StaleCacheNanoseconds && !ReadFreshlyOfLate(mono))
        {
            return NowFromFreshSnapshot();
        }
        bool mismatch = snapshot.DisruptionSupportEnabled && DisruptionMarkerDiffers(snapshot.DisruptionMarker);
        return NowCalculator.Compute(snapshot, real, mono, mismatch);
    }

    /// <summary>Unmaps the segment (and the VMClock). Calls racing with this fail cleanly; none crash.</summary>
    public void Dispose()
    {
        _reader.Dispose();
        lock (_vmClockGate)
        {
            // A Now() racing with this must not open the device again after it is released.
            _vmClockState = VMClockUnavailable;
            _vmClock?.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ClockBoundNow NowFromFreshSnapshot()
    {
        ClockErrorBound snapshot = _reader.ReadFresh();
        long real = Clocks.RealtimeNanoseconds();
        long mono = Clocks.MonotonicCoarseNanoseconds();
        Volatile.Write(ref _freshReadAt, mono);
        bool mismatch = snapshot.DisruptionSupportEnabled && DisruptionMarkerDiffers(snapshot.DisruptionMarker);
        return NowCalculator.Compute(snapshot, real, mono, mismatch);
    }

    /// <summary>Whether a Now() re-read the segment within <see cref="ConfirmedCacheNanoseconds"/> before <paramref name="mono"/>.</summary>
    /// <remarks>Written as a comparison that cannot overflow: mono is not negative, the field may be long.MinValue.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ReadFreshlyOfLate(long mono) => Volatile.Read(ref _freshReadAt) > mono - ConfirmedCacheNanoseconds;

    /// <summary>
    /// Compares the VMClock's disruption marker with the segment's. Without a VMClock device there
    /// is nothing to compare (false); a page that cannot be read consistently counts as a mismatch.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool DisruptionMarkerDiffers(ulong segmentMarker)
    {
        VMClockReader? vmClock = _vmClock ?? OpenVMClockOnce();
        if (vmClock is null)
        {
            return false;
        }
        try
        {
            return vmClock.Read().DisruptionMarker != segmentMarker;
        }
        catch (VMClockException)
        {
            return true;
        }
    }

    private VMClockReader? OpenVMClockOnce()
    {
        if (_vmClockState == VMClockUnavailable)
        {
            return null;
        }
        lock (_vmClockGate)
        {
            if (_vmClockState == VMClockNotTried)
            {
                try
                {
                    _vmClock = VMClockReader.Open(_vmClockPath);
                    _vmClockState = VMClockOpen;
                }
                catch (VMClockException e)
                {
                    _vmClockOpenFailure = e;
                    _vmClockState = VMClockUnavailable;
                }
            }
            return _vmClock;
        }
    }
}
