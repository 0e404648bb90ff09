using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>
/// Reads a segment file written by a ClockBound daemon (ours or the reference one), version 1 or 2.
/// The file is never mapped: it is copied with <c>pread</c> under the seqlock, so a file that
/// shrinks or vanishes gives an error, never SIGBUS. The last copy is cached with the
/// CLOCK_MONOTONIC_COARSE instant it was taken and served for <see cref="RefreshIntervalNanoseconds"/>.
/// Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// The invariant: a snapshot is served from a copy of the segment taken at most
/// <see cref="RefreshIntervalNanoseconds"/> (+ one coarse tick) before it is served; only while
/// the writer holds the seqlock through a whole refresh (<see cref="MaxAttempts"/> attempts) is it
/// the last good copy instead, which is still sound: its bound grows from its own <c>as_of</c>.
/// </para>
/// <para>
/// The reader may be opened before the file exists; each refresh re-opens the path when it names
/// another file than the one open (a re-install, or a daemon that replaces the file), so a reader
/// follows the file within one refresh.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed class SegmentReader : IDisposable
{
    /// <summary>How long (ns of CLOCK_MONOTONIC_COARSE) a copy is served before the next call copies again.</summary>
    public const long RefreshIntervalNanoseconds = 1_000_000;

    /// <summary>Copies a refresh tries while the writer holds the generation odd or changes it mid-copy.</summary>
    public const int MaxAttempts = 4;

    /// <summary>
    /// A copy that took longer than this (ns) is retried. The kernel copies the generation with no
    /// promise of atomicity (x86 may copy it byte by byte and be interrupted), and a generation read
    /// in two halves can only match a later one after 128 updates; no daemon makes 128 updates in
    /// this time (it publishes at most every 10 ms).
    /// </summary>
    public const long MaxCopyNanoseconds = 100_000;

    // The u32 segment size, u16 version and u16 generation: the seqlock word, read before and after the copy.
    private const int StateOffset = SegmentLayout.SegmentSizeOffset;
    private const int StateLength = 8;
    private const int ENODEV = 19;

    private readonly Lock _gate = new(); // serialises refreshes (so copies are published in order), re-opens and Dispose
    // The last good copy, stamped with when it was copied; NotGood while the last refresh failed
    // (or none was made). Published under _gate, read without it.
    private SnapshotCache<ClockErrorBound> _cache;
    private long _failedAt = NotGood; // when the last refresh failed (NotGood: it did not); under _gate
    private const long NotGood = long.MinValue;
    private volatile ClockBoundException? _error; // why the last failed refresh failed; set before its entry is published
    private ReadOnlyFile? _file;
    private ClockErrorBound _lastGood;
    private bool _haveLastGood;
    private bool _disposed;

    private SegmentReader(string path) => Path = path;

    /// <summary>The segment's path.</summary>
    public string Path { get; }

    /// <summary>Copies tried since the reader was opened (each three preads), for tests of what a stuck writer costs.</summary>
    internal long Attempts { get; private set; }

    /// <summary>Refreshes since the reader was opened.</summary>
    internal long Refreshes { get; private set; }

    /// <summary>The protocol version the file declares now (0 if it does not exist, cannot be read, or is not initialised).</summary>
    public int Version
    {
        get
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return 0;
                }
                try
                {
                    Span<byte> version = stackalloc byte[sizeof(ushort)];
                    return TryEnsureOpen(out ReadOnlyFile? file) is null && file!.Read(version, SegmentLayout.VersionOffset) == version.Length
                        ? MemoryMarshal.Read<ushort>(version)
                        : 0;
                }
                catch (SystemCallException)
                {
                    return 0;
                }
            }
        }
    }

    /// <summary>
    /// Creates a reader of the segment at <paramref name="path"/>. Nothing is opened yet: the file
    /// may not exist; every read reports what it finds.
    /// </summary>
    public static SegmentReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new SegmentReader(path);
    }

    /// <summary>
    /// The cached copy if the last refresh succeeded, and the CLOCK_MONOTONIC_COARSE instant (ns)
    /// before which it was not taken. Lock-free, allocation-free: the hot path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetCached(out ClockErrorBound snapshot, out long copiedAtNanoseconds) =>
        _cache.TryGet(out snapshot, out copiedAtNanoseconds) && copiedAtNanoseconds != NotGood;

    /// <summary>
    /// The cached copy if it was taken less than <see cref="RefreshIntervalNanoseconds"/> before
    /// <paramref name="monotonicCoarseNanoseconds"/> (another thread may just have refreshed it),
    /// otherwise a new one. A failed refresh is remembered the same way: until the next refresh the
    /// same <paramref name="error"/> object is returned, with no system call and no allocation.
    /// </summary>
    /// <param name="monotonicCoarseNanoseconds">CLOCK_MONOTONIC_COARSE read by the caller before this call.</param>
    /// <param name="snapshot">The snapshot, when true is returned.</param>
    /// <param name="error">Why there is none, when false is returned: not initialised, malformed, unsupported version, or a failed system call (e.g. open, errno 2).</param>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public bool TryRead(long monotonicCoarseNanoseconds, out ClockErrorBound snapshot, [NotNullWhen(false)] out ClockBoundException? error)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _cache.TryGet(out snapshot, out long copiedAt); // no publisher runs: always consistent
            long outcomeAt = copiedAt != NotGood ? copiedAt : _failedAt;
            if (outcomeAt == NotGood || monotonicCoarseNanoseconds - outcomeAt >= RefreshIntervalNanoseconds)
            {
                return Refresh(monotonicCoarseNanoseconds, out snapshot, out error);
            }
            error = copiedAt != NotGood ? null : _error!;
            return error is null;
        }
    }

    /// <summary>A snapshot copied at most <see cref="RefreshIntervalNanoseconds"/> ago (see the type's remarks).</summary>
    /// <exception cref="ClockBoundException">The segment does not exist, cannot be read, is not initialised, malformed, or of an unsupported version.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public ClockErrorBound Read()
    {
        long mono = Clocks.MonotonicCoarseNanoseconds();
        if (TryGetCached(out ClockErrorBound snapshot, out long copiedAt) && mono - copiedAt < RefreshIntervalNanoseconds)
        {
            return snapshot;
        }
        return TryRead(mono, out snapshot, out ClockBoundException? error) ? snapshot : throw error.CopyToThrow();
    }

    /// <summary>Copies the segment now (and caches the copy), whatever the cache holds.</summary>
    /// <exception cref="ClockBoundException">The segment does not exist, cannot be read, is not initialised, malformed, or of an unsupported version.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public ClockErrorBound ReadFresh()
    {
        long mono = Clocks.MonotonicCoarseNanoseconds();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Refresh(mono, out ClockErrorBound snapshot, out ClockBoundException? error) ? snapshot : throw error.CopyToThrow();
        }
    }

    /// <summary>Makes the next read refresh (tests: see a write at once instead of within a refresh interval).</summary>
    internal void ExpireCache()
    {
        lock (_gate)
        {
            _failedAt = NotGood;
            _cache.Publish(default, NotGood);
        }
    }

    /// <summary>Closes the file. Reads racing with this return a copy they already had, or throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _file?.Dispose();
            _file = null;
            _failedAt = NotGood;
            _cache.Publish(default, NotGood);
        }
    }

    /// <summary>Copies the segment and publishes the outcome, good or failed. Under <see cref="_gate"/>.</summary>
    private bool Refresh(long copiedAt, out ClockErrorBound snapshot, [NotNullWhen(false)] out ClockBoundException? error)
    {
        Refreshes++;
        snapshot = default;
        error = null;
        try
        {
            if (TryEnsureOpen(out ReadOnlyFile? file) is { } notOpen)
            {
                error = notOpen;
            }
            else
            {
                snapshot = Copy(file!);
            }
        }
        catch (ClockBoundException e)
        {
            error = e;
        }
        catch (SystemCallException e)
        {
            error = new ClockBoundException(e, $"ClockBound segment '{Path}' cannot be read: {e.Message}");
        }
        if (error is null)
        {
            _failedAt = NotGood;
            _cache.Publish(snapshot, copiedAt);
            return true;
        }
        _error = error;
        _failedAt = copiedAt;
        _cache.Publish(default, NotGood);
        return false;
    }

    /// <summary>
    /// The file open at <see cref="Path"/>, re-opened if the path now names another file; or why
    /// it cannot be opened (the previous reason again if nothing changed: no allocation while a
    /// file stays missing). Under <see cref="_gate"/>.
    /// </summary>
    private ClockBoundException? TryEnsureOpen(out ReadOnlyFile? file)
    {
        if (_file is not null && !(ReadOnlyFile.TryGetIdentity(Path, out FileIdentity now) && now == _file.Identity))
        {
            _file.Dispose();
            _file = null;
        }
        file = _file;
        if (file is not null)
        {
            return null;
        }
        if (!ReadOnlyFile.TryOpen(Path, out file, out int errno))
        {
            return _error is { Kind: ClockBoundErrorKind.SystemCallFailed, SystemCall: "open" } previous && previous.Errno == errno
                ? previous
                : OpenFailed(new SystemCallException("open", errno, Path));
        }
        if (!file.IsRegularFile)
        {
            file.Dispose();
            file = null;
            return new ClockBoundException(new SystemCallException("open", ENODEV, Path),
                $"ClockBound segment '{Path}' is not a regular file (a directory, FIFO or device): check the path (the daemon's --shm-path)");
        }
        _file = file;
        return null;
    }

    /// <summary>
    /// One consistent copy: pread the seqlock word, full fence, pread the segment, full fence, pread
    /// the word again; consistent if both words are equal, the generation even and non-zero, and it
    /// was quick (<see cref="MaxCopyNanoseconds"/>). Under <see cref="_gate"/>.
    /// </summary>
    [SkipLocalsInit]
    private ClockErrorBound Copy(ReadOnlyFile file)
    {
        Span<byte> segment = stackalloc byte[SegmentLayout.SizeV2];
        Span<byte> before = stackalloc byte[StateLength];
        Span<byte> after = stackalloc byte[StateLength];
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (attempt > 0)
            {
                Thread.SpinWait(16 << attempt);
            }
            Attempts++;
            long start = Clocks.MonotonicNanoseconds();
            int stateBytes = file.Read(before, StateOffset);
            Interlocked.MemoryBarrier();
            int length = file.Read(segment, 0);
            Interlocked.MemoryBarrier();
            bool unchanged = file.Read(after, StateOffset) == StateLength && before.SequenceEqual(after);
            long took = Clocks.MonotonicNanoseconds() - start;

            if (length < SegmentLayout.HeaderSize)
            {
                throw NotInitialized($"the file is {length} bytes long, shorter than a header");
            }
            if (stateBytes < StateLength || !unchanged)
            {
                continue;
            }
            uint declared = MemoryMarshal.Read<uint>(before);
            int version = MemoryMarshal.Read<ushort>(before[4..]);
            ushort generation = MemoryMarshal.Read<ushort>(before[6..]);
            CheckHeader(segment, length, declared, version);
            if (generation == 0)
            {
                throw NotInitialized("no data has been written to it yet (generation 0)");
            }
            if ((generation & 1) != 0 || took > MaxCopyNanoseconds)
            {
                continue;
            }
            if (!SegmentCodec.TryDecodeBody(segment, version, out ClockErrorBound value, out string? problem))
            {
                throw Malformed(problem!);
            }
            _lastGood = value;
            _haveLastGood = true;
            return value;
        }
        // The writer held the generation odd (it may have died mid-update) or kept changing it.
        if (_haveLastGood)
        {
            return _lastGood;
        }
        throw NotInitialized($"the generation stayed odd or kept changing (updates in progress) for {MaxAttempts} attempts");
    }

    /// <summary>Validates magic (from the copy), version and declared size (from the seqlock word) against the bytes read.</summary>
    private void CheckHeader(ReadOnlySpan<byte> segment, int length, uint declared, int version)
    {
        uint magic0 = MemoryMarshal.Read<uint>(segment);
        uint magic1 = MemoryMarshal.Read<uint>(segment[4..]);
        if (magic0 != SegmentLayout.Magic0 || magic1 != SegmentLayout.Magic1)
        {
            if (magic0 == 0 && magic1 == 0)
            {
                throw NotInitialized("its header is still zero");
            }
            throw Malformed($"bad magic 0x{magic0:X8} 0x{magic1:X8} (expected 0x{SegmentLayout.Magic0:X8} 0x{SegmentLayout.Magic1:X8})");
        }
        if (version == 0)
        {
            throw NotInitialized("its version is still 0");
        }
        int expected = SegmentLayout.SizeOf(version);
        if (expected == 0)
        {
            throw new ClockBoundException(ClockBoundErrorKind.SegmentVersionNotSupported,
                $"ClockBound segment '{Path}' has version {version}; this client reads versions 1 and 2");
        }
        if (declared != (uint)expected)
        {
            throw Malformed($"it declares {declared} bytes but version {version} is {expected} bytes");
        }
        if (length < expected)
        {
            throw Malformed($"it declares {declared} bytes but the file is only {length} bytes long");
        }
    }

    /// <summary>The open error, its message ending with the likely fix (the CLI prints it as it is).</summary>
    private static ClockBoundException OpenFailed(SystemCallException e)
    {
        string hint = e.Errno switch
        {
            2 => " (is the clockbound daemon running, with this --shm-path?)",
            1 or 13 => " (the daemon makes it readable by everyone, mode 0644: check the file's mode and that this user may search every directory above it)",
            _ => "",
        };
        return new ClockBoundException(e, e.Message + hint);
    }

    private ClockBoundException NotInitialized(string why) =>
        new(ClockBoundErrorKind.SegmentNotInitialized, $"ClockBound segment '{Path}' is not initialised: {why}");

    private ClockBoundException Malformed(string why) =>
        new(ClockBoundErrorKind.SegmentMalformed, $"ClockBound segment '{Path}' is malformed: {why}");
}
