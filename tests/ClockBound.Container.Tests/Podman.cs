using ClockBound.TestSupport;

namespace ClockBound.Container.Tests;

/// <summary>
/// Runs podman with the project's settings (what scripts/podman-env.sh prints): runc and no
/// default ulimits from deploy/container/containers.conf, and the project's own store under
/// artifacts/containers/, so the host's podman configuration and images are never touched.
/// </summary>
internal static class Podman
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The settings, as scripts/podman-env.sh writes them (it also writes the storage.conf).</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = ReadEnvironment();

    /// <summary>Runs <c>podman ARGS</c> and returns its result, whatever its exit code.</summary>
    public static ProcessResult Run(IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        Process("podman", arguments, timeout ?? DefaultTimeout);

    /// <summary>Runs <c>podman ARGS</c> and requires exit 0; returns its standard output, trimmed.</summary>
    public static string Ok(params string[] arguments) =>
        Run(arguments).ThrowIfFailed($"podman {string.Join(' ', arguments)}").StandardOutput.Trim();

    /// <summary>Removes a container, whatever state it is in; never throws.</summary>
    public static void RemoveContainer(string name) => Run(["rm", "--force", "--time", "2", name]);

    /// <summary>Runs a program with the podman settings in its environment (the image script, podman itself).</summary>
    public static ProcessResult Process(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new System.Diagnostics.ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in Environment)
        {
            start.Environment[key] = value;
        }

        using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)
            ?? throw new InvalidOperationException($"could not start {fileName}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}: {error.Result}");
        }

        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }

    private static Dictionary<string, string> ReadEnvironment()
    {
        string script = Path.Combine(ClockBoundBinaries.RepositoryRoot, "scripts", "podman-env.sh");
        ProcessResult result = ProcessRunner.Run(script, [], TimeSpan.FromSeconds(30)).ThrowIfFailed(script);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // export NAME=VALUE (printf %q: the repository's path has no character that needs quoting here).
            string assignment = line.StartsWith("export ", StringComparison.Ordinal) ? line["export ".Length..] : line;
            int equals = assignment.IndexOf('=', StringComparison.Ordinal);
            string value = assignment[(equals + 1)..];
            if (value.Contains('\\', StringComparison.Ordinal) || value.StartsWith('\'') || value.StartsWith('$'))
            {
                throw new InvalidOperationException($"{script} printed a quoted value the tests cannot read: {line}");
            }

            environment[assignment[..equals]] = value;
        }

        return environment;
    }
}
