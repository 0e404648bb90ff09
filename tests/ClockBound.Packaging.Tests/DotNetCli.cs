using System.Diagnostics;
using System.Text;

namespace ClockBound.Packaging.Tests;

/// <summary>Runs the <c>dotnet</c> CLI as a separate process, the way a developer would from a shell.</summary>
public static class DotNetCli
{
    /// <summary>A restore, pack or build of small projects on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>dotnet ARGUMENTS</c> in <paramref name="workingDirectory"/> to completion.</summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> (it is killed).</exception>
    public static ProcessResult Run(string workingDirectory, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        Isolate(startInfo.Environment);

        using Process process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        TimeSpan limit = timeout ?? Patience;
        if (!process.WaitForExit(limit))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited just now.
            }
            throw new TimeoutException($"dotnet {string.Join(' ', startInfo.ArgumentList)} did not finish within {limit.TotalSeconds} s");
        }
        process.WaitForExit(); // drains the redirected streams
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>
    /// The environment of a developer's shell, not of this test host: <c>dotnet test</c> sets
    /// MSBuild and test-platform variables (the SDK's paths, a node to report to) that would make
    /// the child build behave as part of this one.
    /// </summary>
    private static void Isolate(IDictionary<string, string?> environment)
    {
        foreach (string key in environment.Keys.ToArray())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase))
            {
                environment.Remove(key);
            }
        }
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // No MSBuild nodes or build server left running after the test.
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
    }
}
