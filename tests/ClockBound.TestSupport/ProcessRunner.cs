using System.Diagnostics;

namespace ClockBound.TestSupport;

/// <summary>The outcome of a finished process.</summary>
/// <param name="ExitCode">Its exit status.</param>
/// <param name="StandardOutput">Everything it wrote to stdout.</param>
/// <param name="StandardError">Everything it wrote to stderr.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws unless the exit status is 0; the message has the command and both outputs.</summary>
    public ProcessResult ThrowIfFailed(string what)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{what} exited with {ExitCode}\nstdout: {StandardOutput}\nstderr: {StandardError}");
        }

        return this;
    }
}

/// <summary>Runs a program to completion with a timeout, capturing its output.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> (no shell).</summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> (it is killed).</exception>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        ProcessStartInfo startInfo = StartInfo(fileName, arguments);
        using Process process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(30);
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

            throw new TimeoutException(
                $"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not finish within {limit.TotalSeconds} s");
        }

        process.WaitForExit(); // drains the redirected streams
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>
    /// How the test helpers start a program (here and in <see cref="DaemonProcess"/>): no shell,
    /// each argument passed as it is, all three standard streams redirected so that none is the
    /// test host's (the caller closes stdin).
    /// </summary>
    internal static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        return startInfo;
    }
}
