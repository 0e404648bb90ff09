using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using ClockBound.Client;
using ClockBound.Interop;
using ClockBound.Shm;

namespace ClockBound;

/// <summary>
/// Reads the shared-memory segment a ClockBound daemon publishes (protocol version 1 or 2) and
/// answers <see cref="Now"/> with an interval that contains true time. Thread-safe; one instance
/// per process is enough. <see cref="Now"/> does not allocate.
/// </summary>
/// <remarks>
/// Every reading is computed from a copy of the segment taken at most
/// 1 ms (plus one tick of the coarse clock) before its clock reads, so a daemon's update is seen
/// within a millisecond. The client may be created before the daemon
/// has ever run, and follows a segment file that is replaced.
/// </remarks>
/// <example>
/// <code>
/// using ClockBoundClient clock = ClockBoundClient.Open();
/// ClockBoundNow now = clock.Now();
/// if (now.IsReliable) { /* true time is in [now.Earliest, now.Latest] */ }
/// </code>
/// </example>
[SupportedOSPlatform("linux")]
public sealed class ClockBoundClient : IClockBound, IDisposable
{
    private readonly SegmentReader _reader;
    private readonly VMClockWatch _vmClock;
    private readonly long _coarseResolution = CoarseResolution();
    private readonly long _maxDataAgeNanoseconds;
    private ClockBoundException? _clockFailure;

    private ClockBoundClient(SegmentReader reader, string vmClockPath, long maxDataAgeNanoseconds)
    {
        _reader = reader;
        _vmClock = new VMClockWatch(vmClockPath);
        _maxDataAgeNanoseconds = maxDataAgeNanoseconds;
    }

    /// <summary>The segment's path.</summary>
    public string Path => _reader.Path;

    /// <summary>The protocol version the segment declares now: 2, 1, or 0 while it does not exist or is not initialised.</summary>
    public int SegmentVersion => _reader.Version;

    /// <summary>
    /// Why the VMClock device could not be opened (a <see cref="ClockBoundException"/> of kind
    /// <see cref="ClockBoundErrorKind.VMClockUnavailable"/>, whose message says how to grant read
    /// access), once a segment with disruption support on made the client try; null before that and
    /// once it opened. While it is set, readings with disruption support on are Unknown: a live
    /// migration could not be seen.
    /// </summary>
    public Exception? VMClockOpenFailure => _vmClock.OpenFailure;

    /// <summary>
    /// Creates a client of the segment at <paramref name="path"/>. Nothing is opened yet, so this
    /// succeeds before the daemon has ever run: until the segment can be read, <see cref="Now"/>
    /// throws and <see cref="TryNow(out ClockBoundNow, out ClockBoundException?)"/> returns false, with the reason.
    /// </summary>
    /// <param name="path">
    /// The segment: <see cref="ClockBoundClientOptions.DefaultSegmentPathV2"/> (default) or a version 1
    /// segment such as <see cref="ClockBoundClientOptions.DefaultSegmentPathV1"/>.
    /// </param>
    /// <param name="options">Other settings; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ClockBoundClientOptions.MaxDataAge"/> is zero or negative.</exception>
    public static ClockBoundClient Open(string path = ClockBoundClientOptions.DefaultSegmentPathV2, ClockBoundClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string vmClockPath = options?.VMClockPath ?? ClockBoundClientOptions.DefaultVMClockPath;
        long maxDataAge = MaxDataAgeNanoseconds(options);
        return new ClockBoundClient(SegmentReader.Open(path), vmClockPath, maxDataAge);
    }

    /// <summary>
    /// Takes the cached copy of the segment (refreshed at most every millisecond), then reads
    /// CLOCK_REALTIME and CLOCK_MONOTONIC_COARSE and computes the interval and status (with
    /// the spec's arithmetic: the bound grown by the worst-case drift since the daemon measured it,
    /// every rounding outwards). Thread-safe, allocation-free.
    /// </summary>
    /// <exception cref="ClockBoundException">
    /// The segment does not exist or cannot be read (<see cref="ClockBoundErrorKind.SystemCallFailed"/>,
    /// with the call and errno), is not initialised, malformed, of an unsupported version, or from the
    /// monotonic future (<see cref="ClockBoundErrorKind.CausalityBreach"/>); or clock_gettime failed.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The client has been disposed.</exception>
    public ClockBoundNow Now()
    {
        // The copy comes before the clock reads, so its as_of cannot be later than them.
        if (_reader.TryGetCached(out ClockErrorBound snapshot, out long copiedAt)
            && Clocks.TryReadRealtimeAndMonotonicCoarse(out long real, out long mono)
            && (ulong)(mono - copiedAt) < SegmentReader.RefreshIntervalNanoseconds)
        {
            return Compute(snapshot, real, mono);
        }
        return NowAfterRefresh();
    }

    /// <summary>Like <see cref="Now"/>, but returns false instead of throwing when there is no reading.</summary>
    /// <exception cref="ObjectDisposedException">The client has been disposed.</exception>
    public bool TryNow(out ClockBoundNow now) => TryNow(out now, out _);

    /// <summary>
    /// Like <see cref="Now"/>, but returns false with the reason instead of throwing. The reason is
    /// the object kept since the last refresh (at most a millisecond old), not a new one: a caller
    /// polling a missing segment allocates nothing. Do not throw it; its kind and message are what
    /// <see cref="Now"/> would throw.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The client has been disposed.</exception>
    public bool TryNow(out ClockBoundNow now, [NotNullWhen(false)] out ClockBoundException? error)
    {
        if (_reader.TryGetCached(out ClockErrorBound snapshot, out long copiedAt)
            && Clocks.TryReadRealtimeAndMonotonicCoarse(out long real, out long mono)
            && (ulong)(mono - copiedAt) < SegmentReader.RefreshIntervalNanoseconds)
        {
            return TryCompute(snapshot, real, mono, out now, out error);
        }
        return TryNowAfterRefresh(out now, out error);
    }

    /// <summary>Closes the segment and unmaps the VMClock. Calls racing with this fail cleanly; none crash.</summary>
    public void Dispose()
    {
        _reader.Dispose();
        _vmClock.Dispose();
    }

    /// <summary>Makes the next reading copy the segment again (tests: see a write at once).</summary>
    internal void ExpireCache() => _reader.ExpireCache();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ClockBoundNow Compute(in ClockErrorBound snapshot, long real, long mono)
    {
        bool mismatch = snapshot.DisruptionSupportEnabled && _vmClock.MarkerDiffers(snapshot.DisruptionMarker);
        return NowCalculator.Compute(snapshot, real, mono, mismatch, _coarseResolution, _maxDataAgeNanoseconds);
    }

    /// <summary>The option in nanoseconds, <see cref="long.MaxValue"/> when off or beyond 292 years.</summary>
    private static long MaxDataAgeNanoseconds(ClockBoundClientOptions? options)
    {
        if (options?.MaxDataAge is not { } age)
        {
            return long.MaxValue;
        }
        if (age <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), age,
                "ClockBoundClientOptions.MaxDataAge must be positive (or null: no limit beyond the segment's void_after)");
        }
        return age.Ticks > long.MaxValue / 100 ? long.MaxValue : age.Ticks * 100;
    }

    // Out of line, so that the hot path's frame holds no object reference (nothing to zero) and no result copy.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ClockBoundNow NowAfterRefresh() =>
        TryNowAfterRefresh(out ClockBoundNow now, out ClockBoundException? error) ? now : throw error.CopyToThrow();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryNowAfterRefresh(out ClockBoundNow now, [NotNullWhen(false)] out ClockBoundException? error)
    {
        now = default;
        if (!Clocks.TryReadRealtimeAndMonotonicCoarse(out _, out long mono))
        {
            error = ClockFailure();
            return false;
        }
        if (!_reader.TryRead(mono, out ClockErrorBound snapshot, out error))
        {
            return false;
        }
        if (snapshot.DisruptionSupportEnabled)
        {
            _vmClock.EnsureOpen(mono);
        }
        // Read again: the clocks must come after the copy.
        if (!Clocks.TryReadRealtimeAndMonotonicCoarse(out long real, out mono))
        {
            error = ClockFailure();
            return false;
        }
        return TryCompute(snapshot, real, mono, out now, out error);
    }

    private bool TryCompute(in ClockErrorBound snapshot, long real, long mono, out ClockBoundNow now, [NotNullWhen(false)] out ClockBoundException? error)
    {
        try
        {
            now = Compute(snapshot, real, mono);
            error = null;
            return true;
        }
        catch (ClockBoundException e)
        {
            // A causality breach or a negative bound: a broken daemon, rare enough to pay for an exception.
            now = default;
            error = e;
            return false;
        }
    }

    /// <summary>clock_getres of the coarse clock; if even that is blocked, 10 ms (the tick at HZ=100, the slowest): wider, never narrower.</summary>
    private static long CoarseResolution()
    {
        try
        {
            return Clocks.MonotonicCoarseResolutionNanoseconds();
        }
        catch (SystemCallException)
        {
            return 10_000_000;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ClockBoundException ClockFailure() =>
        _clockFailure ??= new ClockBoundException(Clocks.ClockGetTimeFailure(),
            "clock_gettime failed (a seccomp filter or sandbox that blocks it?): no reading can be given");
}
