namespace ClockBound.TestSupport;

/// <summary>
/// A fake sysfs tree, in a temp directory, with what the daemon reads for the PHC error bound of
/// an ENA interface: <c>ROOT/class/net/IFACE/device/uevent</c> (with <c>PCI_SLOT_NAME=SLOT</c>)
/// and <c>ROOT/bus/pci/devices/SLOT/phc_error_bound</c>. Pass <see cref="Root"/> as
/// <c>--sysfs-root</c>. Dispose deletes it.
/// </summary>
public sealed class PhcSysfsTree : IDisposable
{
    private readonly TempDirectory _directory;

    private PhcSysfsTree(TempDirectory directory, string interfaceName, string pciSlot)
    {
        _directory = directory;
        InterfaceName = interfaceName;
        PciSlot = pciSlot;
    }

    /// <summary>The tree's root, standing for /sys.</summary>
    public string Root => _directory.Path;

    /// <summary>The network interface (what <c>-i</c> names).</summary>
    public string InterfaceName { get; }

    /// <summary>The interface's PCI slot, e.g. <c>0000:00:05.0</c>.</summary>
    public string PciSlot { get; }

    /// <summary>ROOT/class/net/IFACE/device/uevent.</summary>
    public string UeventPath => Path.Combine(Root, "class", "net", InterfaceName, "device", "uevent");

    /// <summary>ROOT/bus/pci/devices/SLOT/phc_error_bound.</summary>
    public string ErrorBoundPath => Path.Combine(Root, "bus", "pci", "devices", PciSlot, "phc_error_bound");

    /// <summary>Creates the tree with <paramref name="errorBoundText"/> as the bound file's content (e.g. "12345\n").</summary>
    public static PhcSysfsTree Create(string interfaceName, string pciSlot, string errorBoundText)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        ArgumentException.ThrowIfNullOrEmpty(pciSlot);
        var tree = new PhcSysfsTree(
            TempDirectory.Create("clockbound-sysfs-", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute),
            interfaceName,
            pciSlot);
        Directory.CreateDirectory(Path.GetDirectoryName(tree.UeventPath)!);
        // As the kernel writes it for a PCI network device: one KEY=VALUE per line.
        File.WriteAllText(tree.UeventPath, $"DRIVER=ena\nPCI_CLASS=20000\nPCI_ID=1D0F:EC20\nPCI_SLOT_NAME={pciSlot}\nMODALIAS=pci:v00001D0Fd0000EC20\n");
        Directory.CreateDirectory(Path.GetDirectoryName(tree.ErrorBoundPath)!);
        tree.SetErrorBound(errorBoundText);
        return tree;
    }

    /// <summary>
    /// Replaces the bound file's content. Written to a temp file and renamed over it, so the daemon
    /// never reads a half-written value.
    /// </summary>
    public void SetErrorBound(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string temporary = ErrorBoundPath + ".new";
        File.WriteAllText(temporary, text);
        File.Move(temporary, ErrorBoundPath, overwrite: true);
    }

    /// <summary>Deletes the tree.</summary>
    public void Dispose() => _directory.Dispose();
}
