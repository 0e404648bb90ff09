using System.Runtime.InteropServices;

namespace ClockBound.TestSupport;

/// <summary>Sends Unix signals to processes by pid (the BCL only has SIGKILL, via Process.Kill).</summary>
public static partial class Signals
{
    /// <summary>SIGHUP.</summary>
    public const int Hup = 1;

    /// <summary>SIGINT.</summary>
    public const int Int = 2;

    /// <summary>SIGKILL.</summary>
    public const int Kill = 9;

    /// <summary>SIGUSR1.</summary>
    public const int Usr1 = 10;

    /// <summary>SIGUSR2.</summary>
    public const int Usr2 = 12;

    /// <summary>SIGTERM.</summary>
    public const int Term = 15;

    /// <summary>SIGCONT.</summary>
    public const int Cont = 18;

    /// <summary>SIGSTOP.</summary>
    public const int Stop = 19;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    /// <exception cref="InvalidOperationException">kill(2) failed (e.g. no such process); the message has the errno.</exception>
    public static void Send(int pid, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        if (NativeKill(pid, signal) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException(
                $"kill({pid}, {signal}) failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
        }
    }

    /// <summary>
    /// Whether <paramref name="pid"/> is a live process: it exists and is not a zombie (a killed
    /// daemon stays a zombie until init reaps it, and kill(pid, 0) still succeeds on it).
    /// </summary>
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) S ...": the state follows the last ')' (comm may contain spaces or parens).
        int close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length && stat[close + 2] is not ('Z' or 'X');
    }

    /// <summary>The short command name of <paramref name="pid"/> (/proc/PID/comm), or null if gone.</summary>
    public static string? CommandName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Waits until <paramref name="pid"/> is no longer alive (gone or a zombie).</summary>
    /// <returns>Whether it died within <paramref name="timeout"/>.</returns>
    public static bool WaitForExit(int pid, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (IsAlive(pid))
        {
            if (Environment.TickCount64 >= deadline)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
