using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>
/// The single writer of a segment file: creates it safely, reuses it across restarts, and
/// publishes updates under the seqlock so readers never see a torn value.
/// </summary>
/// <remarks>
/// Opening never follows a link, never writes a file that is not the daemon user's own with a
/// single name, refuses a directory on the way that others could change, and takes an exclusive
/// lock beside the segment for as long as the writer lives (see docs/segment.md, "The writer's files").
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed unsafe class SegmentWriter : IDisposable
{
    /// <summary>Permissions of the segment file: the daemon writes, everyone may read.</summary>
    public const uint FileMode = 0b110_100_100; // 0644

    private readonly FileHandle _lock;
    private readonly PathStatus _path;
    private readonly int _size;
    private MappedFile _file;
    private FileStatus _identity;
    private ClockErrorBound _last;
    private bool _written;
    private bool _disposed;
    private const int EISDIR = 21; // what open(O_RDWR) reports for a directory
    private static int s_replacements;

    private SegmentWriter(string path, int version, FileHandle lockFile, Opened opened)
    {
        _path = new PathStatus(path);
        _lock = lockFile;
        Version = version;
        _size = SegmentLayout.SizeOf(version);
        _file = opened.File;
        _identity = opened.Identity;
        IsWarmRestart = opened.WarmRestart;
        ReplacedBecause = opened.ReplacedBecause;
    }

    /// <summary>The segment's path (absolute).</summary>
    public string Path => _path.Path;

    /// <summary>The protocol version written (1 or 2).</summary>
    public int Version { get; }

    /// <summary>True if an existing valid segment of the same version was reused in place.</summary>
    public bool IsWarmRestart { get; }

    /// <summary>Why the file found at the path was replaced by a new one (e.g. another user owned it); null if it was not.</summary>
    public string? ReplacedBecause { get; }

    /// <summary>The current generation (seqlock counter); even between updates.</summary>
    public ushort Generation => Volatile.Read(ref *GenerationPointer(_file.Pointer));

    /// <summary>
    /// Opens the segment at <paramref name="path"/> for writing version <paramref name="version"/>.
    /// Missing directories are created 0755 whatever the umask; every directory on the way must be
    /// safe from other users. The lock beside the segment is taken first. A regular file of the
    /// daemon's user with one name is reused: a valid segment of the same version as it is (warm
    /// restart: readers that have it mapped keep working), anything else re-initialised in place
    /// (version 0 and generation 0 first, then the final size, then the version), never shrunk.
    /// Missing, or another user's or hard-linked, it is (re)placed by a new initialised file
    /// renamed over the name. A link or special file is refused.
    /// </summary>
    /// <exception cref="SegmentInUseException">Another process writes this segment.</exception>
    /// <exception cref="SegmentPathException">The path is unsafe (see the message for why and the fix).</exception>
    /// <exception cref="SystemCallException">The file cannot be opened, created, grown or mapped (a directory at the path: open, EISDIR).</exception>
    /// <exception cref="IOException">A parent directory cannot be created.</exception>
    public static SegmentWriter Open(string path, int version)
    {
        ArgumentNullException.ThrowIfNull(path);
        int size = SegmentLayout.SizeOf(version);
        if (size == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "version must be 1 or 2");
        }
        string full = System.IO.Path.GetFullPath(path);
        using DirectoryHandle directory = SegmentDirectory.Open(full, out string name);
        FileHandle lockFile = SegmentLock.Acquire(directory, name);
        try
        {
            return new SegmentWriter(full, version, lockFile, OpenFile(directory, name, version));
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks that the path still names this writer's file (one <c>statx</c>, no allocation). If
    /// the file was deleted, renamed away or replaced, puts a new file with the current contents
    /// at the path (so new readers find it at once), marks the old file Unknown for readers that
    /// still map it, and returns true.
    /// </summary>
    /// <exception cref="IOException">The file could not be recreated (see the message); the next call tries again.</exception>
    /// <exception cref="SystemCallException">The file could not be recreated.</exception>
    public bool RestoreIfMissing()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_path.TryGet(out FileStatus now, out _) && now.IsSameFile(_identity))
        {
            return false;
        }
        byte[] contents = new ReadOnlySpan<byte>(_file.Pointer, _size).ToArray();
        Opened replacement;
        using (DirectoryHandle directory = SegmentDirectory.Open(Path, out string name))
        {
            replacement = Place(directory, name, contents);
        }
        MappedFile old = _file;
        _file = replacement.File;
        _identity = replacement.Identity;
        if (_written)
        {
            Publish(old.Pointer, _last with { Status = ClockStatus.Unknown });
        }
        old.Dispose();
        return true;
    }

    /// <summary>
    /// Publishes <paramref name="value"/>: generation to odd, a full barrier, the body, then the next
    /// even generation with release semantics (2 after a wrap, never 0). Valid on x86-64 and arm64.
    /// </summary>
    /// <exception cref="ArgumentException">The value cannot be published (see <see cref="ClockErrorBound.Validate"/>).</exception>
    public void Write(in ClockErrorBound value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Publish(_file.Pointer, value);
        GC.KeepAlive(_file); // the mapping is unmapped only once unreachable: not while Publish stores through it
        _last = value;
        _written = true;
    }

    [System.Runtime.CompilerServices.SkipLocalsInit]
    private void Publish(byte* segment, in ClockErrorBound value)
    {
        // Encode first, so an invalid value never leaves the segment with an odd generation.
        Span<byte> encoded = stackalloc byte[SegmentLayout.SizeV2];
        SegmentCodec.EncodeBody(encoded, Version, value);

        ushort* generation = GenerationPointer(segment);
        ushort current = Volatile.Read(ref *generation);
        if ((current & 1) == 0)
        {
            current++;
            Volatile.Write(ref *generation, current);
        }
        // A release store only orders the stores before it; the body stores that follow must not
        // become visible before the odd generation, which takes a full fence (dmb ish on arm64).
        Interlocked.MemoryBarrier();

        for (int offset = SegmentLayout.BodyOffset; offset < _size; offset += sizeof(ulong))
        {
            Volatile.Write(ref *(ulong*)(segment + offset), MemoryMarshal.Read<ulong>(encoded[offset..]));
        }

        ushort next = (ushort)(current + 1);
        if (next == 0)
        {
            next = 2;
        }
        Volatile.Write(ref *generation, next);
    }

    /// <summary>Unmaps the segment and releases the lock; the file stays in place for readers and for a warm restart.</summary>
    public void Dispose()
    {
        _disposed = true;
        _file.Dispose();
        _lock.Dispose();
    }

    private static ushort* GenerationPointer(byte* segment) => (ushort*)(segment + SegmentLayout.GenerationOffset);

    private readonly record struct Opened(MappedFile File, FileStatus Identity, bool WarmRestart, string? ReplacedBecause);

    private static Opened OpenFile(DirectoryHandle directory, string name, int version)
    {
        int size = SegmentLayout.SizeOf(version);
        uint euid = ProcessIdentity.EffectiveUserId;
        FileStatus? entry = directory.StatusOf(name);
        (SegmentEntryAction action, string? reason) = SegmentEntry.Decide(entry, euid);
        switch (action)
        {
            case SegmentEntryAction.Create:
                return Place(directory, name, NewSegment(version));
            case SegmentEntryAction.Replace:
                try
                {
                    return Place(directory, name, NewSegment(version)) with { ReplacedBecause = reason };
                }
                catch (SystemCallException e)
                {
                    throw new SegmentPathException(
                        $"{directory.Child(name)} cannot be used ({reason}) nor replaced ({e.Message}). Fix: remove it", e);
                }
            case SegmentEntryAction.Refuse when entry!.Value.Kind == FileKind.Directory:
                throw new SystemCallException("open", EISDIR, directory.Child(name));
            case SegmentEntryAction.Refuse when entry!.Value.Kind == FileKind.SymbolicLink:
                throw new SegmentPathException(
                    $"{directory.Child(name)} {reason} (this one leads to '{directory.ReadLink(name)}'), and it is not replaced "
                    + "since someone set it up. Fix: remove the link, or give the segment's real path");
            case SegmentEntryAction.Refuse:
                throw new SegmentPathException($"{directory.Child(name)} {reason}. Fix: remove it, or give another segment path");
            default:
                return Reuse(directory, name, entry!.Value, version, size);
        }
    }

    private static Opened Reuse(DirectoryHandle directory, string name, in FileStatus entry, int version, int size)
    {
        using FileHandle file = directory.OpenFile(name);
        FileStatus status = file.Status();
        if (!status.IsSameFile(entry) || SegmentEntry.Decide(status, ProcessIdentity.EffectiveUserId).Action != SegmentEntryAction.Reuse)
        {
            throw new SegmentPathException($"{file.Path} changed while it was being opened; try again");
        }
        file.SetPermissions(FileMode);
        file.GrowTo(size);
        MappedFile mapped = MappedFile.MapReadWrite(file, size);
        bool warm = status.Size >= size && HasValidHeader(mapped.Pointer, version, size);
        if (!warm)
        {
            Initialise(mapped.Pointer, version, size);
        }
        return new Opened(mapped, status, warm, null);
    }

    /// <summary>
    /// Writes <paramref name="contents"/> into a new file beside <paramref name="name"/> and renames
    /// it over the name: readers find either the old file or the complete new one, never a partial one.
    /// </summary>
    private static Opened Place(DirectoryHandle directory, string name, ReadOnlySpan<byte> contents)
    {
        string temporary = $".{name}.{Environment.ProcessId}.{Interlocked.Increment(ref s_replacements)}.new";
        FileHandle file = directory.CreateNewFile(temporary, FileMode);
        MappedFile? mapped = null;
        try
        {
            file.SetPermissions(FileMode);
            file.GrowTo(contents.Length);
            mapped = MappedFile.MapReadWrite(file, contents.Length);
            contents.CopyTo(new Span<byte>(mapped.Pointer, contents.Length));
            FileStatus identity = file.Status();
            directory.Rename(temporary, name);
            return new Opened(mapped, identity, false, null);
        }
        catch
        {
            mapped?.Dispose();
            directory.TryDelete(temporary);
            throw;
        }
        finally
        {
            file.Dispose();
        }
    }

    private static byte[] NewSegment(int version)
    {
        byte[] bytes = new byte[SegmentLayout.SizeOf(version)];
        SegmentCodec.WriteHeader(bytes, version, generation: 0);
        return bytes;
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
