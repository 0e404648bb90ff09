using System.Buffers.Binary;
using ClockBound.Interop;

namespace ClockBound.VMClock;

/// <summary>
/// Reads the VMClock page (<c>/dev/vmclock0</c>, or a regular file with the same layout in tests)
/// under its sequence counter, on every call (the page cannot shrink, so it stays mapped). Thread-safe. A page that cannot be read consistently is an error,
/// never an older snapshot: the disruption marker is exactly what such a page may be changing.
/// </summary>
internal sealed unsafe class VMClockReader : IDisposable
{
    /// <summary>
    /// How many times a read retries while the hypervisor holds seq_count odd or changes it
    /// mid-copy (an update takes nanoseconds; a page held odd longer is treated as in doubt).
    /// </summary>
    public const int MaxAttempts = 8;

    private readonly MappedFile _file;
    private volatile bool _disposed;

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

    /// <summary>A consistent snapshot, copied between two equal, even seq_count reads.</summary>
    /// <exception cref="VMClockException">seq_count stayed odd or kept changing for <see cref="MaxAttempts"/> attempts.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed (also when that raced with this read).</exception>
    public VMClockSnapshot Read() =>
        TryRead(out VMClockSnapshot snapshot)
            ? snapshot
            : throw new VMClockException($"VMClock '{Path}': seq_count stayed odd or kept changing for {MaxAttempts} attempts");

    /// <summary>
    /// Copies the page between two equal, even seq_count reads; false if seq_count stayed odd or
    /// kept changing for <see cref="MaxAttempts"/> attempts. Allocation-free: a client calls it on
    /// every reading while the daemon has disruption support on.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The reader was disposed (also when that raced with this read).</exception>
    public bool TryRead(out VMClockSnapshot snapshot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        MappedFile file = _file;
        byte* p = file.Pointer;
        uint* seq = (uint*)(p + VMClockLayout.SeqCountOffset);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            uint before = ToLittle(Volatile.Read(ref *seq));
            if ((before & 1) == 0)
            {
                ulong marker = ToLittle(Volatile.Read(ref *(ulong*)(p + VMClockLayout.DisruptionMarkerOffset)));
                ulong flags = ToLittle(Volatile.Read(ref *(ulong*)(p + VMClockLayout.FlagsOffset)));
                byte status = Volatile.Read(ref *(p + VMClockLayout.ClockStatusOffset));
                if (ToLittle(Volatile.Read(ref *seq)) == before)
                {
                    // A Dispose racing with the copy swaps in zeros, which would pass for a valid
                    // page (seq_count 0, marker 0): never hand those out.
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    snapshot = new VMClockSnapshot(before, marker, flags, status);
                    // The mapping is released when its object is collected: keep it until the last load.
                    GC.KeepAlive(file);
                    return true;
                }
            }
            Thread.SpinWait(1 << attempt);
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        GC.KeepAlive(file);
        snapshot = default;
        return false;
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
