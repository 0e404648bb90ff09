namespace ClockBound.Fuzz.Tests;

/// <summary>
/// A directory for the file targets' scratch file, on tmpfs (<c>/dev/shm</c>) where there is one:
/// like <c>/run/clockbound</c>, and without a disk file system's cost per rewrite. Deleted on Dispose.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    private const string Tmpfs = "/dev/shm";

    public ScratchDirectory(string prefix)
    {
        string parent = Directory.Exists(Tmpfs) ? Tmpfs : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(parent, prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
