namespace ClockBound.Ctl;

/// <summary>The file access <see cref="ChronyConfLoader"/> needs (the disk in the program, a dictionary in tests).</summary>
internal interface IConfFiles
{
    /// <summary>The text of <paramref name="path"/>.</summary>
    /// <exception cref="IOException">It cannot be read (missing, a directory...).</exception>
    /// <exception cref="UnauthorizedAccessException">No permission.</exception>
    string ReadAllText(string path);

    /// <summary>The files in <paramref name="directory"/> (not below), full paths; empty when the directory does not exist.</summary>
    /// <exception cref="IOException">It exists but cannot be listed.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission.</exception>
    IReadOnlyList<string> ListFiles(string directory);

    /// <summary>The directories in <paramref name="directory"/> (not below), full paths; empty when it does not exist.</summary>
    /// <exception cref="IOException">It exists but cannot be listed.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission.</exception>
    IReadOnlyList<string> ListDirectories(string directory);
}

/// <summary><see cref="IConfFiles"/> on the real file system.</summary>
internal sealed class DiskConfFiles : IConfFiles
{
    /// <summary>The one instance.</summary>
    public static readonly DiskConfFiles Instance = new();

    private DiskConfFiles()
    {
    }

    /// <inheritdoc/>
    public string ReadAllText(string path) =>
        // The runtime reports a directory as "access denied", which would send the operator the wrong way.
        Directory.Exists(path) ? throw new IOException($"{path} is a directory") : File.ReadAllText(path);

    /// <inheritdoc/>
    public IReadOnlyList<string> ListFiles(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory) : [];

    /// <inheritdoc/>
    public IReadOnlyList<string> ListDirectories(string directory) =>
        Directory.Exists(directory) ? Directory.GetDirectories(directory) : [];
}
