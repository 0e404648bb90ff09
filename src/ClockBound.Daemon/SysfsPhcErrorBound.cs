namespace ClockBound.Daemon;

/// <summary>
/// Reads the ENA PHC's error bound from sysfs: the interface's PCI slot from
/// <c>&lt;root&gt;/class/net/IFACE/device/uevent</c>, then the bound from
/// <c>&lt;root&gt;/bus/pci/devices/SLOT/phc_error_bound</c>. Both are read on every call, so a
/// re-plugged device is followed.
/// </summary>
internal sealed class SysfsPhcErrorBound : IPhcErrorBoundSource
{
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

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhcErrorBoundException($"cannot read '{path}': {e.Message}", e);
        }
    }
}
