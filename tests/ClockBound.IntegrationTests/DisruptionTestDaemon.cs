using ClockBound.Shm;
using ClockBound.TestSupport;
using Xunit.Abstractions;

namespace ClockBound.IntegrationTests;

/// <summary>
/// A real <c>clockbound</c> process for the disruption, signal and PHC tests, publishing both
/// segments in a temp directory of its own (<c>shm0</c> version 2, <c>shm</c> version 1) with a
/// 50 PPM drift rate, plus whatever arguments a test adds. Reads the segments fresh (no cache)
/// and waits for what it publishes, failing with the daemon's output.
/// </summary>
internal sealed class DisruptionTestDaemon : IDisposable
{
    /// <summary>How long anything that real processes make true may take on a loaded 2-core box.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Printed by the loop's first publication, after the signal handlers are registered.</summary>
    public const string LoopRunningLine = "Clock status (start) ->";

    private readonly TempDirectory _directory;
    private SegmentReader? _reader;
    private SegmentReader? _readerV1;

    private DisruptionTestDaemon(TempDirectory directory, DaemonProcess process)
    {
        _directory = directory;
        Process = process;
    }

    /// <summary>The process.</summary>
    public DaemonProcess Process { get; }

    /// <summary>The version 2 segment (<c>--shm-path</c>).</summary>
    public string ShmPath => _directory.Combine("shm0");

    /// <summary>The version 1 segment (<c>--shm-v1-path</c>).</summary>
    public string ShmV1Path => _directory.Combine("shm");

    /// <summary>Everything the daemon printed so far.</summary>
    public string Output => Process.Output;

    /// <summary>
    /// Starts <c>clockbound -m 50 --chrony-socket SOCKET --shm-path DIR/shm0 --shm-v1-path DIR/shm ARGS</c>.
    /// </summary>
    public static DisruptionTestDaemon Start(string chronySocketPath, params string[] arguments)
    {
        TempDirectory directory = TempDirectory.Create("clockbound-segments-", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            DaemonProcess process = DaemonProcess.StartDaemon(
            [
                "--max-drift-rate", "50",
                "--chrony-socket", chronySocketPath,
                "--shm-path", directory.Combine("shm0"),
                "--shm-v1-path", directory.Combine("shm"),
                .. arguments,
            ]);
            return new DisruptionTestDaemon(directory, process);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the loop runs (its first status line): signals are handled from then on.</summary>
    public void WaitUntilLoopRunning() => Process.WaitForOutput(LoopRunningLine, Patience);

    /// <summary>The version 2 segment, read fresh.</summary>
    public ClockErrorBound Read() => (_reader ??= SegmentReader.Open(ShmPath)).ReadFresh();

    /// <summary>The version 1 segment, read fresh.</summary>
    public ClockErrorBound ReadV1() => (_readerV1 ??= SegmentReader.Open(ShmV1Path)).ReadFresh();

    /// <summary>Waits until the version 2 segment satisfies <paramref name="condition"/>; returns what satisfied it.</summary>
    public ClockErrorBound WaitFor(Func<ClockErrorBound, bool> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            return Eventually.Satisfies(Read, condition, timeout ?? Patience, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\ndaemon output:\n{Output}", e);
        }
    }

    /// <summary>Waits until the version 2 segment says <paramref name="status"/>.</summary>
    public ClockErrorBound WaitForStatus(ClockStatus status, TimeSpan? timeout = null) =>
        WaitFor(s => s.Status == status, $"segment status {status}", timeout);

    /// <summary>
    /// Reads the segment repeatedly for <paramref name="duration"/> and fails if any read breaks
    /// <paramref name="condition"/>: a state that must be held, not merely reached.
    /// </summary>
    public void AssertHolds(Func<ClockErrorBound, bool> condition, TimeSpan duration, string what)
    {
        long end = Environment.TickCount64 + (long)duration.TotalMilliseconds;
        int reads = 0;
        do
        {
            ClockErrorBound value = Read();
            reads++;
            Assert.True(condition(value), $"{what}: broken after {reads} reads by {value}\ndaemon output:\n{Output}");
            Thread.Sleep(20);
        }
        while (Environment.TickCount64 < end);
    }

    /// <summary>How many printed lines contain <paramref name="text"/>.</summary>
    public int CountOutputLines(string text) =>
        Output.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits until at least <paramref name="count"/> printed lines contain <paramref name="text"/>.</summary>
    public void WaitForOutputLines(string text, int count) =>
        Eventually.Satisfies(() => CountOutputLines(text), n => n >= count, Patience, $"{count} daemon lines with '{text}'; output:\n{Output}");

    /// <summary>Writes the daemon's output to the test's output when disposed (pass or fail).</summary>
    public IDisposable ShowOutputAtEnd(ITestOutputHelper output) => new OutputOnDispose(this, output);

    /// <summary>SIGTERM; asserts a clean exit (status 0) within <see cref="Patience"/>.</summary>
    public void StopCleanly()
    {
        Assert.False(Process.HasExited, $"the daemon died before it was asked to stop:\n{Output}");
        Process.Signal(Signals.Term);
        Assert.Equal(0, Process.WaitForExit(Patience));
    }

    /// <summary>Kills the daemon if still running, unmaps the segments and deletes the directory.</summary>
    public void Dispose()
    {
        Process.Dispose();
        _reader?.Dispose();
        _readerV1?.Dispose();
        _directory.Dispose();
    }

    private sealed class OutputOnDispose(DisruptionTestDaemon daemon, ITestOutputHelper output) : IDisposable
    {
        public void Dispose() => output.WriteLine($"{daemon.Process.CommandLine}\n{daemon.Output}");
    }
}
