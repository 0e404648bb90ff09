using System.Buffers.Binary;
using ClockBound.Interop;

namespace ClockBound.VMClock;

/// <summary>
/// Reads the VMClock page (<c>/dev/vmclock0</c>, or a regular file with the same layout in tests)
/// under its sequence counter. Thread-safe. A page that cannot be read consistently is an error,
/// never an older snapshot: the disruption marker is exactly what such a page may be changing.
/// </summary>
public sealed unsafe class VMClockReader : IDisposable
{
    /// <summary>How many times a read retries while the hypervisor holds seq_count odd or changes it mid-copy.</summary>
    public const int MaxAttempts = 64;

    private readonly MappedFile _file;
    private volatile bool _disposed;

    // The last good snapshot, keyed on its seq_count as stored (little-endian) and shared by all
    // threads (vmclock.md: reuse it while seq_count is unchanged).
    private SnapshotCache<VMClockSnapshot> _cache;

    private VMClockReader(MappedFile file) => _file = file;

    /// <summary>The path the page was mapped from.</summary>
    public string Path => _file.Path;

    /// <summary>Maps the device or file and checks magic, version and size once.</summary>
    /// <exception cref="VMClockException">It cannot be opened or mapped, or it is not a VMClock page.</exception>
    public static VMClockReader Open(string path = VMClockLayout.DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(path);
        MappedFile file;
        try
        {
            // The driver rejects any mapping but exactly one kernel page (EINVAL).
            file = MappedFile.MapReadOnly(path, Environment.SystemPageSize);
        }
        catch (SystemCallException e)
        {
            throw new VMClockException($"cannot map VMClock '{path}': {e.Message}", e);
        }
        try
        {
            if (file.Length < VMClockLayout.MinimumSize)
            {
                throw new VMClockException($"VMClock '{path}' is {file.Length} bytes, less than the {VMClockLayout.MinimumSize} of ABI version 1");
            }
            byte* p = file.Pointer;
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(p, 4));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(p + VMClockLayout.SizeOffset, 4));
            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(p + VMClockLayout.VersionOffset, 2));
            if (magic != VMClockLayout.Magic)
            {
                throw new VMClockException($"VMClock '{path}' has magic 0x{magic:X8}, expected 0x{VMClockLayout.Magic:X8}");
            }
            if (version != VMClockLayout.Version)
            {
                throw new VMClockException($"VMClock '{path}' has ABI version {version}; only version 1 is supported");
            }
            // The declared size is that of the hypervisor's whole region, which may exceed the one
            // page mapped here; only the fields this reader uses must be present (and mapped: checked above).
            if (size < VMClockLayout.MinimumSize)
            {
                throw new VMClockException($"VMClock '{path}' declares a {size}-byte structure, less than the {VMClockLayout.MinimumSize} of ABI version 1");
            }
            return new VMClockReader(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Returns a consistent snapshot: the previous one while seq_count is unchanged, otherwise a
    /// fresh copy taken between two equal, even seq_count reads.
    /// </summary>
    /// <exception cref="VMClockException">seq_count stayed odd or kept changing for <see cref="MaxAttempts"/> attempts.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed (also when that raced with this read).</exception>
    public VMClockSnapshot Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte* p = _file.Pointer;
        uint* seq = (uint*)(p + VMClockLayout.SeqCountOffset);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            uint raw = Volatile.Read(ref *seq);
            uint before = ToLittle(raw);
            if ((before & 1) != 0)
            {
                Thread.SpinWait(1 << Math.Min(attempt, 8));
                continue;
            }
            if (_cache.TryGet(raw, out VMClockSnapshot cached))
            {
                return cached;
            }
            ulong marker = ToLittle(Volatile.Read(ref *(ulong*)(p + VMClockLayout.DisruptionMarkerOffset)));
            ulong flags = ToLittle(Volatile.Read(ref *(ulong*)(p + VMClockLayout.FlagsOffset)));
            byte status = Volatile.Read(ref *(p + VMClockLayout.ClockStatusOffset));
            uint after = ToLittle(Volatile.Read(ref *seq));
            if (before != after)
            {
                // Torn by an update: back off as for an odd count before trying again.
                Thread.SpinWait(1 << Math.Min(attempt, 8));
                continue;
            }
            // A Dispose racing with the copy swaps in zeros, which would pass for a valid page
            // (seq_count 0, marker 0): never hand those out, nor keep them.
            ObjectDisposedException.ThrowIf(_disposed, this);
            var snapshot = new VMClockSnapshot(before, marker, flags, status);
            // No field orders VMClock snapshots beyond seq_count itself, the key (u32: it does not wrap in practice).
            _cache.Publish(seq, raw, snapshot, order: 0);
            return snapshot;
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        throw new VMClockException($"VMClock '{Path}': seq_count stayed odd or kept changing for {MaxAttempts} attempts");
    }

    /// <summary>Releases the page. Racing reads throw <see cref="ObjectDisposedException"/>; none crashes.</summary>
    public void Dispose()
    {
        _disposed = true;
        _file.Dispose();
    }

    private static uint ToLittle(uint value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    private static ulong ToLittle(ulong value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
}
