using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>
/// Reads consistent snapshots from a segment file written by a ClockBound daemon (ours or the
/// reference one), version 1 or 2. Thread-safe; a read that finds the generation unchanged
/// reuses the reader's last snapshot without copying or validating again.
/// </summary>
public sealed unsafe class SegmentReader : IDisposable
{
    /// <summary>How many times a read retries while the writer holds the generation odd or changes it mid-copy.</summary>
    public const int MaxAttempts = 64;

    private readonly MappedFile _file;
    // The adjacent u16 version (offset 12) and u16 generation (offset 14) as one u32, loaded in a
    // single access (4-byte aligned) so that both are seen at the same instant. Kept here rather
    // than derived from _file on each read: the mapping's address never changes, even after Dispose.
    private readonly uint* _stateWord;
    private volatile bool _disposed;

    // The last validated snapshot, keyed on the state word (version and generation together: a
    // writer that re-initialises the file restarts the generation at 0, so the generation alone
    // could come back to a cached value with a different segment behind it). Shared by all threads.
    private SnapshotCache<ClockErrorBound> _cache;

    // The newest snapshot ReadFresh gave the calling thread (a fresh copy or a fallback), for the
    // fallback in ReadFresh only, so its lookup costs nothing on Read's hit path. With the shared
    // cache it keeps a thread from going back in time: the cache may be older than a copy this
    // thread made but could not publish.
    [ThreadStatic]
    private static LastFreshCopy t_lastFresh;

    private struct LastFreshCopy
    {
        public SegmentReader? Owner;
        public ClockErrorBound Value;
    }

    private SegmentReader(MappedFile file)
    {
        _file = file;
        _stateWord = (uint*)(file.Pointer + SegmentLayout.VersionOffset);
    }

    /// <summary>The segment's path.</summary>
    public string Path => _file.Path;

    /// <summary>The protocol version the segment declares now (0 if not initialised).</summary>
    public int Version => Volatile.Read(ref *(ushort*)(_file.Pointer + SegmentLayout.VersionOffset));

    /// <summary>
    /// Maps the segment at <paramref name="path"/> read-only. The header is checked on every read,
    /// not here, so a reader may be opened before the daemon has written anything.
    /// </summary>
    /// <exception cref="ClockBoundException">
    /// <see cref="ClockBoundErrorKind.SystemCallFailed"/> (missing file, no permission, a directory:
    /// errno and call name attached) or <see cref="ClockBoundErrorKind.SegmentNotInitialized"/>
    /// (the file is shorter than a header).
    /// </exception>
    public static SegmentReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        MappedFile file;
        try
        {
            file = MappedFile.MapReadOnly(path);
        }
        catch (SystemCallException e)
        {
            throw new ClockBoundException(e);
        }
        if (file.Length < SegmentLayout.HeaderSize)
        {
            file.Dispose();
            throw new ClockBoundException(ClockBoundErrorKind.SegmentNotInitialized,
                $"ClockBound segment '{path}' is {file.Length} bytes long: it has not been initialised yet");
        }
        return new SegmentReader(file);
    }

    /// <summary>Returns a consistent, validated snapshot.</summary>
    /// <exception cref="ClockBoundException">The segment is not initialised, malformed, or of an unsupported version.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed (also when that raced with this read).</exception>
    public ClockErrorBound Read() => Read(out _);

    /// <summary>
    /// Returns a consistent, validated snapshot; <paramref name="fromCache"/> tells whether it is the
    /// calling thread's previous snapshot, reused because neither the version nor the generation had changed.
    /// </summary>
    /// <exception cref="ClockBoundException">The segment is not initialised, malformed, or of an unsupported version.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed (also when that raced with this read).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ClockErrorBound Read(out bool fromCache)
    {
        // No disposed check here: Dispose swaps in a zero page, whose state word (0) matches no
        // cached state (a cached state has a non-zero version), so a disposed reader always falls
        // through to ReadFresh, which throws.
        if (_cache.TryGet(Volatile.Read(ref *_stateWord), out ClockErrorBound cached))
        {
            fromCache = true;
            return cached;
        }
        fromCache = false;
        return ReadFresh();
    }

    /// <summary>Copies and validates the segment under the seqlock, ignoring any cached snapshot.</summary>
    /// <exception cref="ClockBoundException">The segment is not initialised, malformed, or of an unsupported version.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed (also when that raced with this read).</exception>
    [SkipLocalsInit]
    public ClockErrorBound ReadFresh()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte* p = _file.Pointer;
        int version = CheckHeader(p);
        int size = SegmentLayout.SizeOf(version);
        uint* stateWord = _stateWord;
        Span<byte> copy = stackalloc byte[SegmentLayout.SizeV2];

        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            uint before = Volatile.Read(ref *stateWord);
            if (VersionOf(before) != version)
            {
                // Re-initialised since the header was checked: check it again.
                version = CheckHeader(p);
                size = SegmentLayout.SizeOf(version);
                continue;
            }
            ushort generation = GenerationOf(before);
            if (generation == 0)
            {
                throw NotInitialized("no data has been written to it yet (generation 0)");
            }
            if ((generation & 1) != 0)
            {
                Thread.SpinWait(1 << Math.Min(attempt, 8));
                continue;
            }
            // Acquire loads keep every body load ahead of the second generation read (arm64 too).
            for (int offset = SegmentLayout.BodyOffset; offset < size; offset += sizeof(ulong))
            {
                ulong word = Volatile.Read(ref *(ulong*)(p + offset));
                MemoryMarshal.Write(copy[offset..], in word);
            }
            uint after = Volatile.Read(ref *stateWord);
            if (before != after)
            {
                // Torn by an update: back off like for an odd generation, so that a writer
                // publishing back to back cannot starve the retries within microseconds.
                Thread.SpinWait(1 << Math.Min(attempt, 8));
                continue;
            }
            if (!SegmentCodec.TryDecodeBody(copy, version, out ClockErrorBound value, out string? problem))
            {
                throw Malformed(problem!);
            }
            _cache.Publish(stateWord, before, value, value.AsOfNanoseconds);
            return RememberForThisThread(value);
        }

        // No consistent copy in every attempt: the writer held the generation odd (it may have died
        // mid-update) or kept updating. The last good snapshot is still a sound answer (the spec
        // allows it): its bound keeps growing with the drift from its own as_of.
        if (!_disposed && TryGetLastGood(out ClockErrorBound last))
        {
            // Remembered as this thread's own, so that a later fallback never returns anything older.
            return RememberForThisThread(last);
        }
        throw NotInitialized($"the generation stayed odd or kept changing (updates in progress) for {MaxAttempts} attempts");
    }

    /// <summary>Records <paramref name="value"/> as the newest snapshot ReadFresh gave this thread, and returns it.</summary>
    private ClockErrorBound RememberForThisThread(in ClockErrorBound value)
    {
        ref LastFreshCopy own = ref t_lastFresh;
        own.Owner = this;
        own.Value = value;
        return value;
    }

    /// <summary>
    /// The newer (by as_of, which a daemon only moves forward) of the shared cache's snapshot and
    /// the newest snapshot ReadFresh gave this thread: each is at least as new as anything this
    /// thread was given, since the cache only moves forward and the second is kept up to date.
    /// </summary>
    private bool TryGetLastGood(out ClockErrorBound last)
    {
        ref LastFreshCopy own = ref t_lastFresh;
        bool haveOwn = ReferenceEquals(own.Owner, this);
        bool haveShared = _cache.TryGetAny(out ClockErrorBound shared, out _);
        last = haveOwn && (!haveShared || own.Value.AsOfNanoseconds >= shared.AsOfNanoseconds) ? own.Value : shared;
        return haveOwn || haveShared;
    }

    private static int VersionOf(uint state) => BitConverter.IsLittleEndian ? (ushort)state : (ushort)(state >> 16);

    private static ushort GenerationOf(uint state) => BitConverter.IsLittleEndian ? (ushort)(state >> 16) : (ushort)state;

    /// <summary>Releases the mapping. Reads racing with this see an error, never a crash.</summary>
    public void Dispose()
    {
        _disposed = true;
        _file.Dispose();
    }

    /// <summary>Validates magic, version and declared size against the mapping; returns the version.</summary>
    private int CheckHeader(byte* p)
    {
        uint magic0 = Volatile.Read(ref *(uint*)p);
        uint magic1 = Volatile.Read(ref *(uint*)(p + 4));
        if (magic0 != SegmentLayout.Magic0 || magic1 != SegmentLayout.Magic1)
        {
            if (magic0 == 0 && magic1 == 0)
            {
                throw NotInitialized("its header is still zero");
            }
            throw Malformed($"bad magic 0x{magic0:X8} 0x{magic1:X8} (expected 0x{SegmentLayout.Magic0:X8} 0x{SegmentLayout.Magic1:X8})");
        }
        int version = Volatile.Read(ref *(ushort*)(p + SegmentLayout.VersionOffset));
        if (version == 0)
        {
            throw NotInitialized("its version is still 0");
        }
        int expected = SegmentLayout.SizeOf(version);
        if (expected == 0)
        {
            throw Error(ClockBoundErrorKind.SegmentVersionNotSupported,
                $"ClockBound segment '{Path}' has version {version}; this client reads versions 1 and 2");
        }
        uint declared = Volatile.Read(ref *(uint*)(p + SegmentLayout.SegmentSizeOffset));
        if (declared != (uint)expected)
        {
            throw Malformed($"it declares {declared} bytes but version {version} is {expected} bytes");
        }
        if (declared > _file.Length)
        {
            throw Malformed($"it declares {declared} bytes but only {_file.Length} were there when it was opened");
        }
        return version;
    }

    private Exception NotInitialized(string why) =>
        Error(ClockBoundErrorKind.SegmentNotInitialized, $"ClockBound segment '{Path}' is not initialised: {why}");

    private Exception Malformed(string why) =>
        Error(ClockBoundErrorKind.SegmentMalformed, $"ClockBound segment '{Path}' is malformed: {why}");

    /// <summary>
    /// The error for what was read, unless a Dispose raced with the read: then the bytes may mix the
    /// segment with the zero page swapped in (e.g. a "bad magic" half zero), and the truth is "disposed".
    /// </summary>
    private Exception Error(ClockBoundErrorKind kind, string message) =>
        _disposed ? new ObjectDisposedException(GetType().FullName) : new ClockBoundException(kind, message);
}
