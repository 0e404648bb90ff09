using System.Diagnostics;

namespace ClockBound.Chrony.Tests;

/// <summary>
/// Another process holding a bound <c>AF_UNIX</c> datagram socket at a path (perl, from Debian's
/// essential perl-base), optionally in a PID namespace of its own: what chronyd's directory looks
/// like to a container, where the host's chronyc and daemon processes hold sockets whose pids
/// mean nothing.
/// </summary>
internal sealed class SocketHolder : IDisposable
{
    // Binds, reports its pid as its own namespace numbers it, waits for a line, then SIGKILLs
    // itself: a killed process leaves its socket file behind, no longer bound.
    private const string Script =
        "my $s = IO::Socket::UNIX->new(Type => SOCK_DGRAM, Local => $ARGV[0]) or die \"bind $ARGV[0]: $!\\n\";"
        + " $| = 1; print \"$$\\n\"; <STDIN>; kill 'KILL', $$;";

    private readonly Process _process;

    private SocketHolder(Process process, int pidInItsNamespace)
    {
        _process = process;
        PidInItsNamespace = pidInItsNamespace;
    }

    /// <summary>The holder's pid as its own PID namespace numbers it (1 in a namespace of its own).</summary>
    public int PidInItsNamespace { get; }

    /// <summary>Starts the holder and returns once its socket is bound at <paramref name="path"/>.</summary>
    /// <param name="path">Where to bind.</param>
    /// <param name="ownPidNamespace">Run it under <c>unshare --pid --fork</c> (needs root).</param>
    public static SocketHolder Start(string path, bool ownPidNamespace)
    {
        var start = new ProcessStartInfo(ownPidNamespace ? "unshare" : "perl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (ownPidNamespace)
        {
            foreach (string argument in (string[])["--pid", "--fork", "--kill-child", "perl"])
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (string argument in (string[])["-MIO::Socket::UNIX", "-e", Script, path])
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        string? line = process.StandardOutput.ReadLine(); // the pid, printed once bound; null if it failed
        if (!int.TryParse(line, out int pid))
        {
            process.WaitForExit();
            string error = process.StandardError.ReadToEnd();
            process.Dispose();
            throw new InvalidOperationException($"socket holder for {path} failed: {error}");
        }

        return new SocketHolder(process, pid);
    }

    /// <summary>Has the holder SIGKILL itself and waits until it (and unshare around it) has exited and been reaped.</summary>
    public void Kill()
    {
        if (_process.HasExited)
        {
            return;
        }

        _process.StandardInput.WriteLine();
        _process.StandardInput.Flush();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (IOException)
        {
            _process.Kill(entireProcessTree: true); // its stdin is gone: end it the hard way
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
