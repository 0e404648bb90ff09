using System.Diagnostics;
using System.Text;
using ClockBound.TestSupport;

namespace ClockBound.Deploy.Tests;

/// <summary>A long-running process started in a <see cref="DebianRoot"/>, its output collected.</summary>
public sealed class RootProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private RootProcess(Process process) => _process = process;

    /// <summary>Its pid (the program's own: everything on the way execs).</summary>
    public int Pid => _process.Id;

    /// <summary>What it wrote to stdout and stderr so far, interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its exit code (once exited).</summary>
    public int ExitCode => _process.ExitCode;

    internal static RootProcess Start(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var started = new RootProcess(process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return started;
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            Signals.Send(Pid, Signals.Term);
        }
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"pid {Pid} did not exit within {timeout.TotalSeconds} s of SIGTERM; output:\n{Output}");
        }
        _process.WaitForExit(); // the output is drained
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
