using System.Diagnostics;
using System.Text;

namespace ClockBound.TestSupport;

/// <summary>
/// A real <c>clockbound</c> (or any) process started by a test, with its output captured line by
/// line so tests can wait for log lines. Dispose kills it if it is still running.
/// </summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    private DaemonProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
    }

    /// <summary>The program and its arguments, for messages.</summary>
    public string CommandLine { get; }

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit status (only after <see cref="HasExited"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the daemon binary (<see cref="ClockBoundBinaries.Daemon"/>) with <paramref name="arguments"/>.</summary>
    public static DaemonProcess StartDaemon(params string[] arguments) => Start(ClockBoundBinaries.Daemon, arguments);

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> (no shell), stdin closed.</summary>
    public static DaemonProcess Start(string fileName, IEnumerable<string> arguments)
    {
        ProcessStartInfo startInfo = ProcessRunner.StartInfo(fileName, arguments);
        Process process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {fileName}");
        var daemon = new DaemonProcess(process, fileName + " " + string.Join(' ', startInfo.ArgumentList));
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return daemon;
    }

    /// <summary>Everything it has printed so far (stdout and stderr interleaved by arrival).</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Waits until a printed line contains <paramref name="text"/>; fails with the output so far.</summary>
    /// <exception cref="TimeoutException">No such line within <paramref name="timeout"/>, or the process exited first.</exception>
    public string WaitForOutput(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        int seen = 0;
        while (true)
        {
            lock (_gate)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (_lines[seen].Contains(text, StringComparison.Ordinal))
                    {
                        return _lines[seen];
                    }
                }
            }
            if (_process.HasExited && deadline.Elapsed > TimeSpan.FromMilliseconds(200))
            {
                throw new TimeoutException($"'{CommandLine}' exited ({_process.ExitCode}) before printing '{text}'. Output:\n{Output}");
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"'{CommandLine}' did not print '{text}' within {timeout.TotalSeconds} s. Output:\n{Output}");
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>Sends a signal (see <see cref="Signals"/>).</summary>
    public void Signal(int signal) => Signals.Send(Pid, signal);

    /// <summary>Waits for the process to end; returns its exit status.</summary>
    /// <exception cref="TimeoutException">It is still running after <paramref name="timeout"/>.</exception>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"'{CommandLine}' still running after {timeout.TotalSeconds} s. Output:\n{Output}");
        }
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    /// <summary>
    /// SIGTERM, unless it has already exited, then <see cref="WaitForExit"/>: stopping a process
    /// whose exit status a test may or may not care about.
    /// </summary>
    /// <exception cref="TimeoutException">It is still running after <paramref name="timeout"/>.</exception>
    public int Terminate(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            Signal(Signals.Term);
        }
        return WaitForExit(timeout);
    }

    /// <summary>SIGKILL, like a crash: nothing is cleaned up by the process.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            Signals.Send(Pid, Signals.Kill);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Kills the process if it is still running.</summary>
    public void Dispose()
    {
        try
        {
            Kill();
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
            _lines.Add(line);
        }
    }
}
