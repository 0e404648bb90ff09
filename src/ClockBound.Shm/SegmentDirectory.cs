namespace ClockBound.Shm;

/// <summary>
/// Creates the missing directories above a segment with mode 0755 whatever the umask: clients of
/// any user must be able to reach the segment (which is 0644 for the same reason). A umask of 077,
/// common in hardened units, would otherwise leave the directory 0700 and lock every client out.
/// Directories that already exist are left as they are: their mode is the operator's choice.
/// </summary>
internal static class SegmentDirectory
{
    /// <summary>rwxr-xr-x.</summary>
    public const UnixFileMode Mode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Creates every missing ancestor of <paramref name="segmentPath"/>, outermost first, each with <see cref="Mode"/>.</summary>
    /// <exception cref="IOException">A directory cannot be created (e.g. a path component is a file).</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to create a directory or set its mode.</exception>
    public static void CreateMissingParents(string segmentPath)
    {
        ArgumentNullException.ThrowIfNull(segmentPath);
        var missing = new Stack<string>();
        for (string? directory = Path.GetDirectoryName(Path.GetFullPath(segmentPath));
            !string.IsNullOrEmpty(directory) && !Directory.Exists(directory);
            directory = Path.GetDirectoryName(directory))
        {
            missing.Push(directory);
        }
        foreach (string directory in missing)
        {
            try
            {
                Directory.CreateDirectory(directory);
                File.SetUnixFileMode(directory, Mode); // mkdir applied the umask
            }
            catch (IOException e)
            {
                // The runtime's text alone ("Could not find file '/proc/x'") does not say what was attempted.
                throw new IOException($"cannot create the segment directory {directory}: {e.Message}", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UnauthorizedAccessException($"cannot create the segment directory {directory}: {e.Message}", e);
            }
        }
    }
}
