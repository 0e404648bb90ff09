namespace ClockBound.TestSupport;

/// <summary>
/// Finds the built executables that integration tests run as real processes: the directory named
/// by CLOCKBOUND_BIN_DIR, else the repository's artifacts/bin (what ./build.sh produces). Missing
/// binaries fail the test with the command that builds them.
/// </summary>
public static class ClockBoundBinaries
{
    /// <summary>The environment variable that overrides the binaries' directory.</summary>
    public const string DirectoryVariable = "CLOCKBOUND_BIN_DIR";

    /// <summary>The daemon, <c>clockbound</c>.</summary>
    public static string Daemon => Find("clockbound");

    /// <summary>The CLI, <c>clockboundctl</c>.</summary>
    public static string Ctl => Find("clockboundctl");

    /// <summary>The repository's root (the directory holding ClockBound.slnx).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ClockBound.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException($"no ClockBound.slnx above {AppContext.BaseDirectory}");
        }
    }

    private static string Find(string name)
    {
        string directory = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(RepositoryRoot, "artifacts", "bin");
        string path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} does not exist: run ./build.sh (or ./build.sh --jit) first, or set {DirectoryVariable}");
        }
        return path;
    }
}
