using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>
/// Reads consistent snapshots from a segment file written by a ClockBound daemon (ours or the
/// reference one), version 1 or 2. Thread-safe; a read that finds the generation unchanged
/// reuses the calling thread's last snapshot without copying or validating again.
/// </summary>
public sealed unsafe class SegmentReader : IDisposable
{
    /// <summary>How many times a read retries while the writer holds the generation odd or changes it mid-copy.</summary>
    public const int MaxAttempts = 64;

    // Per thread, so the cache needs no lock and no allocation. Only one reader per thread is
    // cached at a time; another reader on the same thread just takes the (correct) slow path.
    [ThreadStatic]
    private static ThreadCache t_cache;

    private readonly MappedFile _file;
    private volatile bool _disposed;

    private struct ThreadCache
    {
        public SegmentReader? Owner;
        // Version and generation together (see StateWord): a writer that re-initialises the file
        // restarts the generation at 0, so the generation alone could come back to a cached value
        // with a different segment behind it.
        public uint State;
        public ClockErrorBound Value;
    }

    private SegmentReader(MappedFile file)
    {
        _file = file;
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
        ref ThreadCache cache = ref t_cache;
        uint state = Volatile.Read(ref *StateWord);
        if (ReferenceEquals(cache.Owner, this) && state == cache.State && !_disposed)
        {
            fromCache = true;
            return cache.Value;
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
        uint* stateWord = StateWord;
        Span<byte> copy = stackalloc byte[SegmentLayout.SizeV2];
        ref ThreadCache cache = ref t_cache;

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
            cache.Owner = this;
            cache.State = before;
            cache.Value = value;
            return value;
        }

        // No consistent copy in every attempt: the writer held the generation odd (it may have died
        // mid-update) or kept updating. The last good snapshot is still a sound answer.
        if (ReferenceEquals(cache.Owner, this))
        {
            return cache.Value;
        }
        throw NotInitialized($"the generation stayed odd or kept changing (updates in progress) for {MaxAttempts} attempts");
    }

    /// <summary>
    /// The adjacent u16 version (offset 12) and u16 generation (offset 14) as one u32, loaded in a
    /// single access (4-byte aligned) so that both are seen at the same instant.
    /// </summary>
    private uint* StateWord => (uint*)(_file.Pointer + SegmentLayout.VersionOffset);

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
