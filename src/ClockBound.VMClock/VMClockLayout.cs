namespace ClockBound.VMClock;

/// <summary>Offsets and constants of the Linux vmclock ABI, version 1 (spec: vmclock.md). Little-endian.</summary>
internal static class VMClockLayout
{
    /// <summary>The magic, "VCLK" read as a little-endian u32.</summary>
    public const uint Magic = 0x4B4C4356;

    /// <summary>The only ABI version this reader understands.</summary>
    public const ushort Version = 1;

    /// <summary>The smallest structure that holds every field below.</summary>
    public const int MinimumSize = 104;

    /// <summary>
    /// One page on a 4 KiB-page kernel. The driver accepts only a mapping of exactly one kernel
    /// page, so <see cref="VMClockReader.Open"/> maps <see cref="Environment.SystemPageSize"/>
    /// bytes (64 KiB on some arm64 kernels), not this constant.
    /// </summary>
    public const int DeviceMapLength = 4096;

    /// <summary>The default device path.</summary>
    public const string DefaultPath = "/dev/vmclock0";

    /// <summary>Offset of the u32 magic.</summary>
    public const int MagicOffset = 0;
    /// <summary>Offset of the u32 structure size.</summary>
    public const int SizeOffset = 4;
    /// <summary>Offset of the u16 version.</summary>
    public const int VersionOffset = 8;
    /// <summary>Offset of the u8 counter id.</summary>
    public const int CounterIdOffset = 10;
    /// <summary>Offset of the u8 time type.</summary>
    public const int TimeTypeOffset = 11;
    /// <summary>Offset of the u32 sequence counter (odd while the hypervisor updates the page).</summary>
    public const int SeqCountOffset = 12;
    /// <summary>Offset of the u64 disruption marker.</summary>
    public const int DisruptionMarkerOffset = 16;
    /// <summary>Offset of the u64 flags.</summary>
    public const int FlagsOffset = 24;
    /// <summary>Offset of the u8 clock status.</summary>
    public const int ClockStatusOffset = 34;
    /// <summary>Offset of the u64 time_maxerror_nanosec.</summary>
    public const int TimeMaxErrorOffset = 96;
}
