using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>Runs the shipped binaries as the unprivileged user <c>nobody</c> (setpriv: no groups, no capabilities).</summary>
internal static class AsNobody
{
    private static readonly string[] Setpriv = ["--reuid", "nobody", "--regid", "nogroup", "--clear-groups", "--inh-caps=-all"];

    /// <summary><c>clockboundctl ARGS</c> as nobody, to completion.</summary>
    public static ProcessResult Ctl(params string[] args) =>
        ProcessRunner.Run("/usr/bin/setpriv", [.. Setpriv, ClockBoundBinaries.Ctl, .. args], DaemonUnderTest.Patience);

    /// <summary>
    /// Starts <c>clockbound -j -m 50 -d ARGS</c> as nobody (through <c>env --default-signal=INT</c>,
    /// as <see cref="CtlBinary.StartDaemon"/> does; setpriv and env exec, so the pid is the daemon's).
    /// </summary>
    public static DaemonProcess Daemon(params string[] args) =>
        DaemonProcess.Start("/usr/bin/setpriv",
            [.. Setpriv, "/usr/bin/env", "--default-signal=INT", ClockBoundBinaries.Daemon, "-j", "-m", "50", "-d", .. args]);

    /// <summary>Makes <paramref name="path"/> nobody's (for a segment directory the daemon as nobody writes).</summary>
    public static void Own(string path) =>
        ProcessRunner.Run("/usr/bin/chown", ["nobody:nogroup", path]).ThrowIfFailed($"chown nobody {path}");
}
