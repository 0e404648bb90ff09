namespace ClockBound.Interop;

/// <summary>What names one file on this host: its device and inode numbers (a replaced file has a new one).</summary>
/// <param name="DeviceMajor">The major number of the device holding the file.</param>
/// <param name="DeviceMinor">The minor number of that device.</param>
/// <param name="Inode">The inode number.</param>
internal readonly record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode);
