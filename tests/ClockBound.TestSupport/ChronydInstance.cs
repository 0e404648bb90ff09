using System.Text.RegularExpressions;

namespace ClockBound.TestSupport;

/// <summary>
/// One real chronyd, run as <c>chronyd -x -u root -f CONF -l LOG</c> (never touches the system
/// clock) in its own temp directory of mode 0770, with its command socket at
/// <see cref="SocketPath"/>. Can be stopped, killed, paused and started again on the same config
/// and socket path. Dispose stops it and deletes the directory.
/// </summary>
public sealed partial class ChronydInstance : IDisposable
{
    /// <summary>Stands for the instance's directory in config lines given to <see cref="Start(string, IEnumerable{string})"/>.</summary>
    public const string DirectoryPlaceholder = "{dir}";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly Lock LiveGate = new();
    private static readonly HashSet<ChronydInstance> Live = [];

    private readonly TempDirectory _directory;
    private readonly Lock _gate = new();
    private int? _pid;
    private bool _paused;
    private bool _disposed;

    static ChronydInstance()
    {
        // chronyd daemonizes, so it outlives a test host that dies without disposing: kill what
        // is left when the process exits normally.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllLive();
    }

    private ChronydInstance(string name, TempDirectory directory, IReadOnlyList<string> configLines, string user)
    {
        Name = name;
        _directory = directory;
        ConfigLines = configLines;
        User = user;
    }

    /// <summary>A label for messages ("server", "client").</summary>
    public string Name { get; }

    /// <summary>The user chronyd runs as (<c>-u</c>): root, or e.g. <c>_chrony</c>, which then owns <see cref="Directory"/> and the socket.</summary>
    public string User { get; }

    /// <summary>The instance's directory (mode 0770): config, log, pid file and command socket.</summary>
    public string Directory => _directory.Path;

    /// <summary>chronyd's command socket (<c>bindcmdaddress</c>): DIR/chronyd.sock.</summary>
    public string SocketPath => _directory.Combine("chronyd.sock");

    /// <summary>The config file: DIR/chrony.conf.</summary>
    public string ConfigPath => _directory.Combine("chrony.conf");

    /// <summary>chronyd's log (<c>-l</c>): DIR/chronyd.log; appended to across restarts.</summary>
    public string LogPath => _directory.Combine("chronyd.log");

    /// <summary>chronyd's pid file: DIR/chronyd.pid.</summary>
    public string PidFilePath => _directory.Combine("chronyd.pid");

    /// <summary>Every line of the config file, including the ones the harness adds.</summary>
    public IReadOnlyList<string> ConfigLines { get; }

    /// <summary>The pid read from the pid file at the last start, or null when stopped or killed.</summary>
    public int? Pid
    {
        get
        {
            lock (_gate)
            {
                return _pid;
            }
        }
    }

    /// <summary>Whether the chronyd this instance started is alive (a paused one is alive).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _pid is int pid && IsChronyd(pid);
            }
        }
    }

    /// <summary>
    /// Writes a config of <paramref name="configLines"/> plus <c>cmdport 0</c> (unless a line sets <c>cmdport</c>),
    /// <c>bindcmdaddress DIR/chronyd.sock</c> and <c>pidfile DIR/chronyd.pid</c>, and starts chronyd.
    /// </summary>
    /// <param name="name">A label for messages and the directory name.</param>
    /// <param name="configLines">
    /// chrony.conf directives (e.g. <c>local stratum 1</c>, <c>server …</c>, <c>refclock SOCK …</c>);
    /// <c>{dir}</c> in a line stands for the instance's directory (e.g. <c>refclock SOCK {dir}/phc.sock refid PHC0</c>).
    /// </param>
    /// <param name="user">
    /// The user chronyd drops to (<c>-u</c>, default root). Another user owns the directory, as
    /// chronyd's user owns /run/chrony on a host, so only it and root may use the socket.
    /// </param>
    /// <exception cref="InvalidOperationException">chronyd is missing ("run scripts/install-deps.sh") or failed to start (the log is in the message).</exception>
    public static ChronydInstance Start(string name, IEnumerable<string> configLines, string user = "root")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configLines);
        _ = ChronyTools.Chronyd; // fail loudly before creating anything

        TempDirectory directory = TempDirectory.Create($"clockbound-chronyd-{name}-");
        if (user != "root")
        {
            ProcessRunner.Run("chown", [$"{user}:", directory.Path], StartTimeout).ThrowIfFailed($"chown {user}: {directory.Path}");
        }

        var lines = new List<string>(configLines.Select(line => line.Replace(DirectoryPlaceholder, directory.Path, StringComparison.Ordinal)));
        if (!lines.Any(line => line.StartsWith("cmdport ", StringComparison.Ordinal)))
        {
            lines.Add("cmdport 0"); // no UDP command port unless the caller asks for one
        }
        lines.Add($"bindcmdaddress {directory.Combine("chronyd.sock")}");
        lines.Add($"pidfile {directory.Combine("chronyd.pid")}");
        var instance = new ChronydInstance(name, directory, lines, user);
        File.WriteAllLines(instance.ConfigPath, lines);
        try
        {
            instance.Start();
        }
        catch
        {
            instance.Dispose();
            throw;
        }

        return instance;
    }

    /// <summary>
    /// Starts chronyd (again) on the same config and socket path, and waits until its pid file and
    /// command socket exist. A stale pid file or socket from a killed instance is fine.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already running, or chronyd failed to start.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pid is int running && IsChronyd(running))
            {
                throw new InvalidOperationException($"chronyd {Name} is already running (pid {running})");
            }

            _pid = null;
            _paused = false;
            RemoveStalePidFile();
            long logStart = LogLength();
            ProcessResult result = ProcessRunner.Run(
                ChronyTools.Chronyd, ["-x", "-u", User, "-f", ConfigPath, "-l", LogPath], StartTimeout);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"chronyd {Name} failed to start (exit {result.ExitCode}): {result.StandardError}\nlog:\n{ReadLogFrom(logStart)}");
            }

            long deadline = Environment.TickCount64 + (long)StartTimeout.TotalMilliseconds;
            int? pid;
            while ((pid = ReadPidFile()) is null || !File.Exists(SocketPath))
            {
                if (Environment.TickCount64 > deadline)
                {
                    throw new InvalidOperationException(
                        $"chronyd {Name} did not create {PidFilePath} and {SocketPath} within {StartTimeout.TotalSeconds} s\nlog:\n{ReadLogFrom(logStart)}");
                }

                Thread.Sleep(10);
            }

            _pid = pid;
            lock (LiveGate)
            {
                Live.Add(this);
            }
        }
    }

    /// <summary>SIGTERM, then waits for chronyd to exit (it removes its pid file and socket).</summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/> (default 10 s); it was then killed.</exception>
    public void Stop(TimeSpan? timeout = null)
    {
        lock (_gate)
        {
            if (_pid is not int pid || !IsChronyd(pid))
            {
                _pid = null;
                return;
            }

            if (_paused)
            {
                Signals.Send(pid, Signals.Cont); // a stopped process does not act on SIGTERM
                _paused = false;
            }

            Signals.Send(pid, Signals.Term);
            TimeSpan limit = timeout ?? TimeSpan.FromSeconds(10);
            if (!Signals.WaitForExit(pid, limit))
            {
                KillLocked(pid);
                throw new TimeoutException($"chronyd {Name} (pid {pid}) ignored SIGTERM for {limit.TotalSeconds} s; killed it");
            }

            _pid = null;
        }
    }

    /// <summary>
    /// SIGKILL to the pid from the pid file; waits until it is dead. Like a crash, this leaves the
    /// pid file and the command socket file behind (a stale socket nobody listens on).
    /// </summary>
    public void Kill()
    {
        lock (_gate)
        {
            int? pid = _pid ?? ReadPidFile();
            if (pid is int p && IsChronyd(p))
            {
                KillLocked(p);
            }

            _pid = null;
        }
    }

    /// <summary>SIGSTOP: chronyd stays alive but answers nothing (requests time out) until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            Signals.Send(RequirePid(), Signals.Stop);
            _paused = true;
        }
    }

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            Signals.Send(RequirePid(), Signals.Cont);
            _paused = false;
        }
    }

    /// <summary>Runs <c>chronyc -h SOCKET ARGS</c> (add <c>-n</c>, <c>-c</c> as needed) and returns its result.</summary>
    public ProcessResult RunChronyc(params string[] args) =>
        ProcessRunner.Run(ChronyTools.Chronyc, ["-h", SocketPath, .. args], TimeSpan.FromSeconds(20));

    /// <summary>
    /// Runs <c>chronyc -h SOCKET -n -c ARGS</c>, requires success, and returns its CSV rows split
    /// on commas (e.g. <c>RunChronycCsv("sourcestats")</c>).
    /// </summary>
    public IReadOnlyList<string[]> RunChronycCsv(params string[] args)
    {
        ProcessResult result = RunChronyc(["-n", "-c", .. args]).ThrowIfFailed($"chronyc -c {string.Join(' ', args)} ({Name})");
        return result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(','))
            .ToArray();
    }

    /// <summary>
    /// <c>chronyc -n -c tracking</c>, parsed. chronyc's own decoding of the same TRACKING reply:
    /// the reference to cross-check a decoder against.
    /// </summary>
    public ChronycTracking GetChronycTracking()
    {
        ProcessResult result = RunChronyc("-n", "-c", "tracking").ThrowIfFailed($"chronyc -c tracking ({Name})");
        return ChronycTracking.Parse(result.StandardOutput);
    }

    /// <summary>
    /// Polls <c>chronyc -n -c tracking</c> until chronyd is synchronised to its source and has a
    /// cadence: leap status Normal and an update interval above 0.
    /// </summary>
    /// <remarks>
    /// Right after its first clock update chronyd reports Normal with an update interval of 0 for a
    /// moment (about 0.1 s on loopback), and daemon.md's staleness rule calls such a report stale:
    /// a daemon started in that moment opens with Unknown, not Synchronized. Tests that judge the
    /// daemon's first status need the chronyd the daemon would meet on a running host.
    /// </remarks>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/> (default 30 s); the message has chronyc's last output and the log.</exception>
    public void WaitForSynchronized(TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(30);
        long deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        string last = string.Empty;
        while (true)
        {
            ProcessResult result = RunChronyc("-n", "-c", "tracking");
            last = result.StandardOutput + result.StandardError;
            if (result.ExitCode == 0 && IsSynchronizedWithCadence(result.StandardOutput))
            {
                return;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException(
                    $"chronyd {Name} not synchronised (leap Normal, update interval > 0) within {limit.TotalSeconds} s.\nchronyc -c tracking:\n{last}\nlog:\n{ReadLog()}");
            }

            Thread.Sleep(100);
        }
    }

    private static bool IsSynchronizedWithCadence(string csv)
    {
        try
        {
            ChronycTracking tracking = ChronycTracking.Parse(csv);
            return tracking.LeapStatus == "Normal" && tracking.UpdateInterval > 0;
        }
        catch (FormatException)
        {
            return false; // chronyd still starting: not yet a full report
        }
    }

    /// <summary>The whole log file (empty if none yet).</summary>
    public string ReadLog() => ReadLogFrom(0);

    /// <summary>Stops chronyd (SIGTERM, then SIGKILL if needed) and deletes the directory. Never throws.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                Stop(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                Kill();
            }

            lock (LiveGate)
            {
                Live.Remove(this);
            }

            _directory.Dispose();
        }
    }

    private static void KillAllLive()
    {
        ChronydInstance[] live;
        lock (LiveGate)
        {
            live = [.. Live];
        }

        foreach (ChronydInstance instance in live)
        {
            if (instance._pid is int pid && IsChronyd(pid))
            {
                try
                {
                    Signals.Send(pid, Signals.Kill);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }

            instance._directory.Dispose();
        }
    }

    private static bool IsChronyd(int pid) => Signals.IsAlive(pid) && Signals.CommandName(pid) == "chronyd";

    private void KillLocked(int pid)
    {
        try
        {
            Signals.Send(pid, Signals.Kill);
        }
        catch (InvalidOperationException)
        {
            return; // already gone
        }

        if (!Signals.WaitForExit(pid, TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException($"chronyd {Name} (pid {pid}) survived SIGKILL for 10 s");
        }

        _paused = false;
    }

    private int RequirePid() =>
        _pid is int pid && IsChronyd(pid) ? pid : throw new InvalidOperationException($"chronyd {Name} is not running");

    private int? ReadPidFile()
    {
        try
        {
            return int.TryParse(File.ReadAllText(PidFilePath).Trim(), out int pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // chronyd refuses to start while its pid file names a process that kill(pid, 0) finds, which
    // includes a killed chronyd still waiting to be reaped: remove a pid file whose chronyd is dead.
    private void RemoveStalePidFile()
    {
        if (ReadPidFile() is int pid && !IsChronyd(pid))
        {
            File.Delete(PidFilePath);
        }
    }

    private long LogLength() => File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;

    private string ReadLogFrom(long offset)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

}
