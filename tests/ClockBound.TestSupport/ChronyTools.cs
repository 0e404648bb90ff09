namespace ClockBound.TestSupport;

/// <summary>
/// Finds chronyd and chronyc. Tests that need them fail (never skip) when they are missing,
/// with the command that installs them.
/// </summary>
public static class ChronyTools
{
    private static readonly string[] SystemDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin"];

    /// <summary>Absolute path of chronyd.</summary>
    /// <exception cref="InvalidOperationException">"chronyd not found: run scripts/install-deps.sh".</exception>
    public static string Chronyd => Find("chronyd");

    /// <summary>Absolute path of chronyc.</summary>
    /// <exception cref="InvalidOperationException">"chronyc not found: run scripts/install-deps.sh".</exception>
    public static string Chronyc => Find("chronyc");

    private static string Find(string program)
    {
        // chronyd lives in /usr/sbin, which is not on every PATH.
        IEnumerable<string> path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries);
        return Find(program, path.Concat(SystemDirectories));
    }

    /// <summary>The first <paramref name="program"/> in <paramref name="directories"/>.</summary>
    /// <exception cref="InvalidOperationException">"PROGRAM not found: run scripts/install-deps.sh".</exception>
    public static string Find(string program, IEnumerable<string> directories)
    {
        foreach (string directory in directories)
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{program} not found: run scripts/install-deps.sh");
    }
}
