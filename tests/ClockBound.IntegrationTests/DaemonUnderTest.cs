using ClockBound.Interop;
using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// A real <c>clockbound</c> process publishing its two segments in a temp directory of its own,
/// talking to a given chronyd socket. It can be killed and started again on the same files (a
/// warm restart). Dispose kills it and deletes the directory.
/// </summary>
internal sealed class DaemonUnderTest : IDisposable
{
    /// <summary>Generous limit for anything that takes a real chronyd or a process start on a loaded 2-core box.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory;
    private readonly string[] _arguments;
    private SegmentReader? _v2;
    private SegmentReader? _v1;

    private DaemonUnderTest(TempDirectory directory, string[] arguments)
    {
        _directory = directory;
        _arguments = arguments;
    }

    /// <summary>The version 2 segment (<c>--shm-path</c>).</summary>
    public string V2Path => _directory.Combine("shm0");

    /// <summary>The version 1 segment (<c>--shm-v1-path</c>).</summary>
    public string V1Path => _directory.Combine("shm");

    /// <summary>The directory holding both segments.</summary>
    public string SegmentDirectory => _directory.Path;

    /// <summary>The process started last.</summary>
    public DaemonProcess Process { get; private set; } = null!;

    /// <summary>
    /// Starts <c>clockbound -m 50 -d --chrony-socket SOCKET --shm-path DIR/shm0 --shm-v1-path DIR/shm</c>
    /// followed by <paramref name="extraArguments"/>.
    /// </summary>
    public static DaemonUnderTest Start(string chronySocket, params string[] extraArguments) =>
        StartWith(["-m", "50", "-d", "--chrony-socket", chronySocket, .. extraArguments]);

    /// <summary>Starts <c>clockbound ARGUMENTS --shm-path DIR/shm0 --shm-v1-path DIR/shm</c>.</summary>
    public static DaemonUnderTest StartWith(IEnumerable<string> arguments)
    {
        TempDirectory directory = TempDirectory.Create("clockbound-segments-");
        var daemon = new DaemonUnderTest(
            directory,
            [.. arguments, "--shm-path", directory.Combine("shm0"), "--shm-v1-path", directory.Combine("shm")]);
        try
        {
            daemon.StartProcess();
        }
        catch
        {
            daemon.Dispose();
            throw;
        }
        return daemon;
    }

    /// <summary>Starts the same command line again (the previous process must have ended).</summary>
    public void StartProcess()
    {
        if (Process is { HasExited: false })
        {
            throw new InvalidOperationException($"the daemon (pid {Process.Pid}) is still running");
        }
        Process?.Dispose();
        // Through env --default-signal=INT: a process started in the background by a shell without
        // job control inherits SIGINT ignored, and the .NET runtime keeps an inherited ignore for
        // SIGINT, so a test run started with '&' would see the daemon ignore SIGINT. systemd and a
        // terminal start it with the default disposition, which this restores. env execs the daemon.
        Process = DaemonProcess.Start("/usr/bin/env", ["--default-signal=INT", ClockBoundBinaries.Daemon, .. _arguments]);
    }

    /// <summary>The version 2 segment, read now under its seqlock (the reader is opened on first use and kept).</summary>
    public ClockErrorBound ReadV2() => (_v2 ??= SegmentReader.Open(V2Path)).ReadFresh();

    /// <summary>The version 1 segment, read now.</summary>
    public ClockErrorBound ReadV1() => (_v1 ??= SegmentReader.Open(V1Path)).ReadFresh();

    /// <summary>Waits until the version 2 segment satisfies <paramref name="condition"/>; fails with the daemon's output.</summary>
    public ClockErrorBound WaitForV2(Func<ClockErrorBound, bool> condition, string what, TimeSpan? timeout = null) =>
        WithOutput(() => Eventually.Satisfies(ReadV2, condition, timeout ?? Patience, what));

    /// <summary>Waits until the version 2 segment's status is <paramref name="status"/>.</summary>
    public ClockErrorBound WaitForV2Status(ClockStatus status, TimeSpan? timeout = null) =>
        WaitForV2(s => s.Status == status, $"version 2 segment status {status}", timeout);

    /// <summary>Runs <paramref name="wait"/>; a timeout's message gets the daemon's output so far.</summary>
    public T WithOutput<T>(Func<T> wait)
    {
        try
        {
            return wait();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\ndaemon ({Process.CommandLine}) output:\n{Process.Output}", e);
        }
    }

    /// <summary>
    /// Every status change the daemon logged so far, in order, as "FROM -> TO" (the first is
    /// "(start) -> TO"). The log has every change, however briefly a status lasted.
    /// </summary>
    public IReadOnlyList<string> StatusTransitions()
    {
        const string Marker = "Clock status ";
        var transitions = new List<string>();
        foreach (string line in Process.Output.Split('\n'))
        {
            int start = line.IndexOf(Marker, StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }
            start += Marker.Length;
            int end = line.IndexOf(" (chrony ", start, StringComparison.Ordinal);
            transitions.Add(end < 0 ? line[start..] : line[start..end]);
        }
        return transitions;
    }

    /// <summary>CLOCK_MONOTONIC_COARSE now, the clock of the segments' as_of and void_after.</summary>
    public static long MonotonicNow() => Clocks.MonotonicCoarseNanoseconds();

    /// <summary>The client socket files (<c>clockbound.PID.sock</c>) of process <paramref name="pid"/> next to chronyd's socket.</summary>
    public static string[] ClientSockets(string chronySocket, int pid) =>
        Directory.GetFiles(Path.GetDirectoryName(chronySocket)!, $"clockbound.{pid}.sock");

    /// <summary>The inode of <paramref name="path"/>, from <c>stat -c %i</c>.</summary>
    public static string Inode(string path) =>
        ProcessRunner.Run("stat", ["-c", "%i", path]).ThrowIfFailed($"stat {path}").StandardOutput.Trim();

    /// <summary>Kills the process and deletes the segments' directory.</summary>
    public void Dispose()
    {
        Process?.Dispose();
        _v2?.Dispose();
        _v1?.Dispose();
        _directory.Dispose();
    }
}
