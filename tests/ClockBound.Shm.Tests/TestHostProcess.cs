using System.Diagnostics;
using ClockBound.Shm.TestHost;

namespace ClockBound.Shm.Tests;

/// <summary>
/// Starts ClockBound.Shm.TestHost (copied next to the test assembly by the project reference) as a
/// separate process, optionally as the unprivileged user nobody (uid/gid 65534) via setpriv(1).
/// </summary>
internal sealed class TestHostProcess : IDisposable
{
    public const int NobodyId = 65534;

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _stderr = new();

    private TestHostProcess(Process process) => _process = process;

    public static TestHostProcess Start(bool unprivileged, params string[] arguments)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        string program = typeof(StressValue).Assembly.Location;
        var start = new ProcessStartInfo(unprivileged ? "setpriv" : dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (unprivileged)
        {
            foreach (string option in new[] { $"--reuid={NobodyId}", $"--regid={NobodyId}", "--clear-groups", dotnet })
            {
                start.ArgumentList.Add(option);
            }
            // nobody's home (/nonexistent) does not exist; the host must not try to use it.
            start.Environment["HOME"] = Path.GetTempPath();
            start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        }
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        // A missing setpriv or dotnet throws here: the test fails loudly, it never skips.
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new TestHostProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (host._lines)
            {
                host._lines.Add(e.Data);
                Monitor.PulseAll(host._lines);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (host._stderr)
                {
                    host._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Runs to completion (with stdin closed) and returns its standard output lines.</summary>
    public static IReadOnlyList<string> Run(bool unprivileged, TimeSpan timeout, params string[] arguments)
    {
        using TestHostProcess host = Start(unprivileged, arguments);
        host.CloseInput();
        return host.WaitForExit(timeout);
    }

    /// <summary>Closes the child's stdin (the "write" command's signal to stop).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits until a line of output satisfies <paramref name="match"/>.</summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_lines)
        {
            while (true)
            {
                string? line = _lines.FirstOrDefault(match);
                if (line is not null)
                {
                    return line;
                }
                bool exitedWithoutIt = _process.HasExited && !Monitor.Wait(_lines, 500);
                if (exitedWithoutIt || DateTime.UtcNow >= deadline)
                {
                    throw new Xunit.Sdk.XunitException($"test host printed no expected line within {timeout}; output: [{string.Join(" | ", _lines)}] stderr: {Stderr}");
                }
                Monitor.Wait(_lines, 100);
            }
        }
    }

    /// <summary>Waits for exit (killing it on timeout) and requires exit code 0; returns all output lines.</summary>
    public IReadOnlyList<string> WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"test host did not exit within {timeout}; stderr: {Stderr}");
        }
        _process.WaitForExit(); // drains the asynchronous output readers
        Assert.True(_process.ExitCode == 0, $"test host exited with {_process.ExitCode}; stderr: {Stderr}");
        lock (_lines)
        {
            return _lines.ToArray();
        }
    }

    private string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
