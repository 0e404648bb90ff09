using System.Runtime.InteropServices;
using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>
/// The single writer of a segment file: creates it, reuses it across restarts, and publishes
/// updates under the seqlock so readers never see a torn value.
/// </summary>
public sealed unsafe class SegmentWriter : IDisposable
{
    /// <summary>Permissions of the segment file: the daemon writes, everyone may read.</summary>
    public const uint FileMode = 0b110_100_100; // 0644

    private readonly MappedFile _file;
    private readonly int _size;

    private SegmentWriter(MappedFile file, int version, bool warmRestart)
    {
        _file = file;
        Version = version;
        _size = SegmentLayout.SizeOf(version);
        IsWarmRestart = warmRestart;
    }

    /// <summary>The segment's path.</summary>
    public string Path => _file.Path;

    /// <summary>The protocol version written (1 or 2).</summary>
    public int Version { get; }

    /// <summary>True if an existing valid segment of the same version was reused in place.</summary>
    public bool IsWarmRestart { get; }

    /// <summary>The current generation (seqlock counter); even between updates.</summary>
    public ushort Generation => Volatile.Read(ref *GenerationPointer);

    private ushort* GenerationPointer => (ushort*)(_file.Pointer + SegmentLayout.GenerationOffset);

    /// <summary>
    /// Opens the segment at <paramref name="path"/> for writing version <paramref name="version"/>.
    /// A valid segment of the same version is reused as it is (warm restart: readers that have it
    /// mapped keep working). Anything else is re-initialised in place: version 0 and generation 0
    /// first, then the final size, then the version. The file is never shrunk. Missing parent
    /// directories are created with mode 0755 whatever the umask, so readers of any user can reach it.
    /// </summary>
    /// <exception cref="SystemCallException">The file cannot be opened, grown or mapped.</exception>
    /// <exception cref="IOException">The parent directory cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The parent directory cannot be created.</exception>
    public static SegmentWriter Open(string path, int version)
    {
        ArgumentNullException.ThrowIfNull(path);
        int size = SegmentLayout.SizeOf(version);
        if (size == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "version must be 1 or 2");
        }
        SegmentDirectory.CreateMissingParents(path);

        MappedFile file = MappedFile.MapReadWrite(path, size, FileMode, out long previousLength);
        bool reuse = previousLength >= size && HasValidHeader(file.Pointer, version, size);
        if (!reuse)
        {
            Initialise(file.Pointer, version, size);
        }
        return new SegmentWriter(file, version, reuse);
    }

    /// <summary>
    /// Publishes <paramref name="value"/>: generation to odd, a full barrier, the body, then the next
    /// even generation with release semantics (2 after a wrap, never 0). Valid on x86-64 and arm64.
    /// </summary>
    /// <exception cref="ArgumentException">The value cannot be published (see <see cref="ClockErrorBound.Validate"/>).</exception>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public void Write(in ClockErrorBound value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Encode first, so an invalid value never leaves the segment with an odd generation.
        Span<byte> encoded = stackalloc byte[SegmentLayout.SizeV2];
        SegmentCodec.EncodeBody(encoded, Version, value);

        ushort* generation = GenerationPointer;
        ushort current = Volatile.Read(ref *generation);
        if ((current & 1) == 0)
        {
            current++;
            Volatile.Write(ref *generation, current);
        }
        // A release store only orders the stores before it; the body stores that follow must not
        // become visible before the odd generation, which takes a full fence (dmb ish on arm64).
        Interlocked.MemoryBarrier();

        byte* body = _file.Pointer;
        for (int offset = SegmentLayout.BodyOffset; offset < _size; offset += sizeof(ulong))
        {
            Volatile.Write(ref *(ulong*)(body + offset), MemoryMarshal.Read<ulong>(encoded[offset..]));
        }

        ushort next = (ushort)(current + 1);
        if (next == 0)
        {
            next = 2;
        }
        Volatile.Write(ref *generation, next);
    }

    private bool _disposed;

    /// <summary>Unmaps the segment; the file stays in place for readers and for a warm restart.</summary>
    public void Dispose()
    {
        _disposed = true;
        _file.Dispose();
    }

    private static bool HasValidHeader(byte* p, int version, int size) =>
        *(uint*)p == SegmentLayout.Magic0
        && *(uint*)(p + 4) == SegmentLayout.Magic1
        && *(uint*)(p + SegmentLayout.SegmentSizeOffset) == (uint)size
        && *(ushort*)(p + SegmentLayout.VersionOffset) == (ushort)version;

    private static void Initialise(byte* p, int version, int size)
    {
        // Readers that have the old bytes mapped must first see "not initialised".
        Volatile.Write(ref *(ushort*)(p + SegmentLayout.VersionOffset), (ushort)0);
        Volatile.Write(ref *(ushort*)(p + SegmentLayout.GenerationOffset), (ushort)0);
        Interlocked.MemoryBarrier();
        new Span<byte>(p + SegmentLayout.BodyOffset, size - SegmentLayout.BodyOffset).Clear();
        *(uint*)p = SegmentLayout.Magic0;
        *(uint*)(p + 4) = SegmentLayout.Magic1;
        *(uint*)(p + SegmentLayout.SegmentSizeOffset) = (uint)size;
        Volatile.Write(ref *(ushort*)(p + SegmentLayout.VersionOffset), (ushort)version);
    }
}
