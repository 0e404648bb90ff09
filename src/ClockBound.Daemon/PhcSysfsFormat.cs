using System.Globalization;

namespace ClockBound.Daemon;

/// <summary>Parsing of the two sysfs files the PHC error bound is found through. Pure.</summary>
internal static class PhcSysfsFormat
{
    private const string PciSlotKey = "PCI_SLOT_NAME=";

    /// <summary>
    /// The value of the <c>PCI_SLOT_NAME=</c> line of a device's <c>uevent</c> file, or null if
    /// there is none or it is not a plain name (empty, or with a '/' or a leading '.').
    /// </summary>
    public static string? ParsePciSlotName(string uevent)
    {
        ArgumentNullException.ThrowIfNull(uevent);
        foreach (string rawLine in uevent.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r');
            if (line.StartsWith(PciSlotKey, StringComparison.Ordinal))
            {
                string slot = line[PciSlotKey.Length..].Trim();
                // The slot becomes a path component: refuse anything that could leave bus/pci/devices.
                return slot.Length == 0 || slot.Contains('/') || slot.StartsWith('.') ? null : slot;
            }
        }
        return null;
    }

    /// <summary>A <c>phc_error_bound</c> file's content: decimal nanoseconds, whitespace around it ignored.</summary>
    public static bool TryParseErrorBound(string text, out long nanoseconds)
    {
        ArgumentNullException.ThrowIfNull(text);
        return long.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out nanoseconds);
    }
}
