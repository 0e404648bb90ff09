namespace ClockBound.Interop;

/// <summary>Which file a path named when it was examined: its device and inode number.</summary>
/// <param name="DeviceMajor">The major number of the device holding the file.</param>
/// <param name="DeviceMinor">The minor number of that device.</param>
/// <param name="Inode">The file's inode number on that device.</param>
public readonly record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode);
