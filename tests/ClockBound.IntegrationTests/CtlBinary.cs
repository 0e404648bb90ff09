using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>The shipped <c>clockboundctl</c> as a real process, and a daemon writing into a directory the test chose.</summary>
internal static class CtlBinary
{
    /// <summary>Runs <c>clockboundctl ARGS</c> to completion.</summary>
    public static ProcessResult Run(params string[] args) => ProcessRunner.Run(ClockBoundBinaries.Ctl, args, DaemonUnderTest.Patience);

    /// <summary>Starts <c>clockboundctl ARGS</c> in the background (its output is captured).</summary>
    public static DaemonProcess Start(params string[] args) => DaemonProcess.Start(ClockBoundBinaries.Ctl, args);

    /// <summary>
    /// Starts <c>clockbound -m 50 -d --chrony-socket SOCKET --shm-path SEGMENT --shm-v1-path SEGMENT.v1</c>
    /// (through <c>env --default-signal=INT</c>, as <see cref="DaemonUnderTest"/> does).
    /// </summary>
    public static DaemonProcess StartDaemon(string chronySocket, string segmentPath, params string[] extra) =>
        DaemonProcess.Start("/usr/bin/env",
            ["--default-signal=INT", ClockBoundBinaries.Daemon, "-m", "50", "-d", "--chrony-socket", chronySocket,
             "--shm-path", segmentPath, "--shm-v1-path", segmentPath + ".v1", .. extra]);

    /// <summary>
    /// <see cref="StartDaemon"/>, then <c>clockboundctl waitsync</c> until clients read Synchronized
    /// (asserted: exit 0 within 30 s). The daemon is stopped if that fails.
    /// </summary>
    public static DaemonProcess StartSynchronizedDaemon(string chronySocket, string segmentPath)
    {
        DaemonProcess daemon = StartDaemon(chronySocket, segmentPath);
        try
        {
            Assert.True(Run("waitsync", "--shm-path", segmentPath, "--timeout-seconds", "30").ExitCode == 0, daemon.Output);
            return daemon;
        }
        catch
        {
            daemon.Dispose();
            throw;
        }
    }

    /// <summary>Mode 0755: a segment directory as the daemon's unit makes it.</summary>
    public const UnixFileMode SegmentDirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
}
