namespace ClockBound.TestSupport;

/// <summary>A fresh directory under the temp path, deleted (recursively) on Dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Mode 0770: what chronyd requires of its socket's directory (no access for others).</summary>
    public const UnixFileMode OwnerAndGroup =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;

    /// <summary>Creates <c>/tmp/clockbound-test-random</c> with the runtime's default mode (0700).</summary>
    public TempDirectory()
        : this(Directory.CreateTempSubdirectory("clockbound-test-").FullName)
    {
    }

    private TempDirectory(string path) => Path = path;

    /// <summary>The directory's absolute path.</summary>
    public string Path { get; }

    /// <summary>Creates <c>/tmp/PREFIXrandom</c> with <paramref name="mode"/> (default 0770).</summary>
    public static TempDirectory Create(string prefix, UnixFileMode mode = OwnerAndGroup)
    {
        DirectoryInfo info = Directory.CreateTempSubdirectory(prefix);
        System.IO.File.SetUnixFileMode(info.FullName, mode);
        return new TempDirectory(info.FullName);
    }

    /// <summary>A path inside the directory.</summary>
    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A path inside the directory (the same as <see cref="Combine"/>).</summary>
    public string File(string name) => Combine(name);

    /// <summary>Deletes the directory and everything in it; never throws.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp dir must not fail the test that used it.
        }
    }
}
