using System.Text;
using ClockBound.Interop;

namespace ClockBound.Daemon;

/// <summary>
/// Reads the ENA PHC's error bound from sysfs: the interface's PCI slot from
/// <c>&lt;root&gt;/class/net/IFACE/device/uevent</c>, then the bound from
/// <c>&lt;root&gt;/bus/pci/devices/SLOT/phc_error_bound</c>. Both are read on every call, so a
/// re-plugged device is followed. Both are opened non-blocking and must be regular files (as
/// sysfs attributes are): a FIFO or device planted there fails the sample instead of freezing the loop.
/// </summary>
internal sealed class SysfsPhcErrorBound : IPhcErrorBoundSource
{
    // A sysfs attribute is at most a page; more than that is not what the kernel writes.
    private readonly byte[] _buffer = new byte[4096];

    /// <summary>Creates the reader for <paramref name="interfaceName"/> under <paramref name="sysfsRoot"/>.</summary>
    public SysfsPhcErrorBound(string sysfsRoot, string interfaceName)
    {
        SysfsRoot = sysfsRoot;
        InterfaceName = interfaceName;
        UeventPath = Path.Combine(sysfsRoot, "class", "net", interfaceName, "device", "uevent");
    }

    /// <summary>The sysfs mount point (normally <c>/sys</c>).</summary>
    public string SysfsRoot { get; }

    /// <summary>The network interface carrying the PHC.</summary>
    public string InterfaceName { get; }

    /// <summary>The uevent file that names the interface's PCI slot.</summary>
    public string UeventPath { get; }

    /// <inheritdoc />
    public long ReadErrorBoundNanoseconds()
    {
        string uevent = ReadText(UeventPath);
        string slot = PhcSysfsFormat.ParsePciSlotName(uevent)
            ?? throw new PhcErrorBoundException($"'{UeventPath}' has no usable PCI_SLOT_NAME= line (is '{InterfaceName}' a PCI device?)");
        string boundPath = Path.Combine(SysfsRoot, "bus", "pci", "devices", slot, "phc_error_bound");
        string text = ReadText(boundPath);
        if (!PhcSysfsFormat.TryParseErrorBound(text, out long nanoseconds))
        {
            string shown = text.Length > 40 ? text[..40] + "..." : text;
            throw new PhcErrorBoundException($"'{boundPath}' does not hold a decimal number of nanoseconds: '{shown.Trim()}'");
        }
        return nanoseconds;
    }

    // Loop thread only (the buffer is shared between calls).
    private string ReadText(string path)
    {
        int length;
        try
        {
            length = RegularFiles.Read(path, _buffer);
        }
        catch (SystemCallException e)
        {
            string reason = System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.Errno);
            throw new PhcErrorBoundException($"cannot read '{path}': {e.SystemCall}: {reason} (errno {e.Errno})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhcErrorBoundException($"cannot read '{path}': {e.Message}", e);
        }
        return Encoding.UTF8.GetString(_buffer, 0, length);
    }
}
