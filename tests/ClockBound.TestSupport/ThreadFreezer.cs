using System.Runtime.InteropServices;

namespace ClockBound.TestSupport;

/// <summary>
/// Stops one thread of another process while the others run on: <c>ptrace(PTRACE_SEIZE)</c> then
/// <c>PTRACE_INTERRUPT</c>, and <c>PTRACE_DETACH</c> to let it go. A real stall seen from inside
/// the process exactly as a thread stuck in a system call (SIGSTOP would stop every thread).
/// Every call must come from the thread that froze it (the kernel's tracer is a thread).
/// </summary>
public sealed partial class ThreadFreezer : IDisposable
{
    private const int PtraceDetach = 17;
    private const int PtraceSeize = 0x4206;
    private const int PtraceInterrupt = 0x4207;
    private const int WaitAll = 0x40000000; // __WALL: the tracee is a thread, not a child

    private readonly int _tid;
    private bool _frozen;

    private ThreadFreezer(int tid) => _tid = tid;

    /// <summary>The id of the thread named <paramref name="name"/> (its <c>comm</c>, at most 15 bytes) in process <paramref name="pid"/>.</summary>
    /// <exception cref="InvalidOperationException">No such thread.</exception>
    public static int FindThread(int pid, string name)
    {
        foreach (string task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == name)
                {
                    return int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }
        throw new InvalidOperationException($"process {pid} has no thread named '{name}'");
    }

    /// <summary>Stops thread <paramref name="tid"/>; returns once the kernel reports it stopped.</summary>
    /// <exception cref="InvalidOperationException">ptrace or waitpid failed; the message has the errno.</exception>
    public static ThreadFreezer Freeze(int tid)
    {
        var freezer = new ThreadFreezer(tid);
        Check(ptrace(PtraceSeize, tid, 0, 0), "PTRACE_SEIZE", tid);
        freezer._frozen = true;
        Check(ptrace(PtraceInterrupt, tid, 0, 0), "PTRACE_INTERRUPT", tid);
        Check(waitpid(tid, out _, WaitAll), "waitpid", tid);
        return freezer;
    }

    /// <summary>Lets the thread run again.</summary>
    public void Thaw()
    {
        if (_frozen)
        {
            _frozen = false;
            Check(ptrace(PtraceDetach, _tid, 0, 0), "PTRACE_DETACH", _tid);
        }
    }

    /// <summary>Thaws the thread if still frozen.</summary>
    public void Dispose() => Thaw();

    private static void Check(long result, string call, int tid)
    {
        if (result < 0)
        {
            throw new InvalidOperationException($"{call} on thread {tid} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long ptrace(long request, int pid, nint address, nint data);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int waitpid(int pid, out int status, int options);
}
