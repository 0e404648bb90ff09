namespace ClockBound.Daemon;

/// <summary>
/// A chrony reference id given as text (e.g. <c>PHC0</c>): 1 to 4 printable ASCII characters,
/// packed big-endian into a u32 the way chronyd packs a refclock's <c>refid</c> (a shorter id
/// is padded with zero bytes on the right: <c>PPS</c> → 0x50505300).
/// </summary>
internal static class PhcRefId
{
    /// <summary>Packs <paramref name="text"/>, or explains why it is not a valid reference id.</summary>
    public static bool TryParse(string? text, out uint refId, out string? error)
    {
        refId = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 4)
        {
            error = $"'{text}' is not a reference id: it must be 1 to 4 printable ASCII characters (e.g. PHC0)";
            return false;
        }
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is < '!' or > '~')
            {
                error = $"'{text}' is not a reference id: character {i + 1} is not printable ASCII (allowed: '!' to '~', e.g. PHC0)";
                return false;
            }
            refId |= (uint)c << (24 - 8 * i);
        }
        error = null;
        return true;
    }
}
