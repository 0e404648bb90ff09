using System.Diagnostics;
using System.Text;

namespace ClockBound.Ctl.Tests;

/// <summary>
/// clockboundctl as a real process: <c>dotnet clockboundctl.dll ARGS</c> (the project reference
/// copies it beside the tests), for what only a process shows: signals, pipes, exit codes.
/// </summary>
internal sealed class CtlProcess : IDisposable
{
    private readonly Process _process;
    private readonly LineWriter _output = new();
    private readonly StringBuilder _error = new();

    private CtlProcess(Process process) => _process = process;

    /// <summary>The dotnet host running the tests.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>clockboundctl.dll beside the test assembly.</summary>
    public static string Program
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "clockboundctl.dll");
            Assert.True(File.Exists(path), $"{path} is missing: the project reference should copy it");
            return path;
        }
    }

    public int Id => _process.Id;

    public LineWriter Output => _output;

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static CtlProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Program);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var process = new Process { StartInfo = start };
        var ctl = new CtlProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                ctl._output.WriteLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (ctl._error)
                {
                    ctl._error.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return ctl;
    }

    /// <summary>Waits for the exit; fails the test (and kills it) after <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Assert.Fail($"clockboundctl did not exit within {timeout.TotalSeconds} s; stdout:\n{string.Join('\n', _output.Lines)}\nstderr:\n{Error}");
        }
        _process.WaitForExit(); // drains the output events
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }
}
