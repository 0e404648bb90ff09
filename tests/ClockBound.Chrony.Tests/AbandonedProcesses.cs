using System.Diagnostics;
using System.Net.Sockets;
using ClockBound.Interop;

namespace ClockBound.Chrony.Tests;

/// <summary>Real traces of processes that are gone: pids that no longer exist, and socket files nobody holds.</summary>
internal static class AbandonedProcesses
{
    /// <summary>The pid of a child that ran <c>/bin/true</c> and has exited and been reaped.</summary>
    public static int DeadPid()
    {
        using Process child = Process.Start("/bin/true") ?? throw new InvalidOperationException("could not start /bin/true");
        int pid = child.Id;
        child.WaitForExit(); // waitpid: reaped, so not even a zombie is left
        Assert.False(Processes.Exists(pid), $"pid {pid} of an exited /bin/true still exists");
        return pid;
    }

    /// <summary>
    /// Leaves a socket file at <paramref name="path"/> that no socket is bound to, as a process
    /// killed with SIGKILL leaves its bound file. It is bound under a temporary name and renamed,
    /// because disposing a bound Unix socket may unlink its path.
    /// </summary>
    public static void CreateSocketFile(string path)
    {
        string bindPath = Path.Combine(Path.GetDirectoryName(path)!, $"bind-{Guid.NewGuid():N}.tmp");
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(bindPath));
            File.Move(bindPath, path);
        }

        Assert.True(SocketFiles.IsSocket(path), $"{path} is not a socket");
    }
}
