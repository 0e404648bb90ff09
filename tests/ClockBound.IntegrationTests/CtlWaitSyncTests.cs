using System.Diagnostics;
using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary><c>clockboundctl waitsync</c> against a real daemon on a real chronyd pair, and without one.</summary>
public sealed class CtlWaitSyncTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    [Fact]
    public void StartedBeforeTheDaemonItExits0Within1SOfTheFirstSynchronizedPublication()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-waitsync-", CtlBinary.SegmentDirectoryMode);
        string segment = directory.Combine("run/shm0"); // not even the directory exists yet
        using DaemonProcess waitsync = CtlBinary.Start("waitsync", "--shm-path", segment, "--timeout-seconds", "60");
        var clock = Stopwatch.StartNew();
        TimeSpan? exited = null;
        var watcher = new Thread(() =>
        {
            waitsync.WaitForExit(DaemonUnderTest.Patience * 2);
            exited = clock.Elapsed;
        });
        watcher.Start();
        // Give waitsync time to start up and find no segment. Not a condition the result depends
        // on: if the daemon came first, the test would only test less.
        Thread.Sleep(500);
        Assert.False(waitsync.HasExited, waitsync.Output);

        using DaemonProcess daemon = CtlBinary.StartDaemon(chrony.SocketPath, segment);
        TimeSpan synchronizedAt = Eventually.Satisfies(
            () =>
            {
                using SegmentReader reader = SegmentReader.Open(segment);
                return (reader.ReadFresh().Status, clock.Elapsed);
            },
            s => s.Status == ClockStatus.Synchronized,
            DaemonUnderTest.Patience,
            $"the daemon publishing Synchronized; daemon output:\n{daemon.Output}").Elapsed;
        watcher.Join(DaemonUnderTest.Patience);

        Assert.True(exited is not null, $"waitsync did not exit; its output:\n{waitsync.Output}");
        Assert.True(waitsync.ExitCode == 0, $"exit {waitsync.ExitCode}: {waitsync.Output}");
        Assert.Contains("Synchronized, bound ", waitsync.Output);
        // The segment was seen Synchronized at most ~20 ms (the probe's poll) after it was published.
        TimeSpan lag = exited!.Value - synchronizedAt;
        Assert.True(lag < TimeSpan.FromSeconds(1), $"waitsync exited {lag.TotalMilliseconds:F0} ms after the first Synchronized publication was seen");
    }

    [Fact]
    public void WithoutADaemonItExits1AtTheTimeout()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-waitsync-", CtlBinary.SegmentDirectoryMode);
        var clock = Stopwatch.StartNew();

        ProcessResult result = CtlBinary.Run("waitsync", "--shm-path", directory.Combine("shm0"), "--timeout-seconds", "1");

        Assert.True(result.ExitCode == 1, $"{result}");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"gave up after {clock.Elapsed}");
        Assert.Equal(
            $"clockboundctl: not synchronised within --timeout-seconds 1: there is no segment at {directory.Combine("shm0")} yet: is the clockbound daemon running, with this --shm-path?\n",
            result.StandardError);
    }

    [Fact]
    public void ADaemonWhoseBoundExceedsMaxBoundTimesOutWith1()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-waitsync-", CtlBinary.SegmentDirectoryMode);
        string segment = directory.Combine("shm0");
        using DaemonProcess daemon = CtlBinary.StartSynchronizedDaemon(chrony.SocketPath, segment);

        ProcessResult result = CtlBinary.Run("waitsync", "--shm-path", segment, "--timeout-seconds", "1", "--max-bound", "1ns");

        Assert.True(result.ExitCode == 1, $"{result}");
        Assert.Contains("is wider than --max-bound 1 ns", result.StandardError);
    }

    [Fact]
    public void AMalformedSegmentIsFatal2()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-waitsync-", CtlBinary.SegmentDirectoryMode);
        string segment = directory.Combine("shm0");
        // Full size, no magic: not a ClockBound segment. (All zeros would be a segment the daemon
        // has sized but not initialised yet, which is waited for.)
        File.WriteAllBytes(segment, [.. Enumerable.Repeat((byte)0x5A, SegmentLayout.SizeV2)]);

        ProcessResult result = CtlBinary.Run("waitsync", "--shm-path", segment, "--timeout-seconds", "30");

        Assert.True(result.ExitCode == 2, $"{result}");
        Assert.StartsWith($"clockboundctl: error: SegmentMalformed: ClockBound segment '{segment}' is malformed: bad magic", result.StandardError);
    }

    [Fact]
    public void PermissionDeniedIsFatal2ForAnOrdinaryUser()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-waitsync-", CtlBinary.SegmentDirectoryMode);
        string segment = directory.Combine("shm0");
        using DaemonProcess daemon = CtlBinary.StartDaemon(chrony.SocketPath, segment);
        Eventually.Satisfies(() => File.Exists(segment), e => e, DaemonUnderTest.Patience, "the segment created");
        File.SetUnixFileMode(segment, UnixFileMode.UserRead | UnixFileMode.UserWrite); // 0600: only the daemon's user

        ProcessResult result = ProcessRunner.Run("setpriv",
            ["--reuid=nobody", "--regid=nogroup", "--clear-groups", ClockBoundBinaries.Ctl, "waitsync", "--shm-path", segment, "--timeout-seconds", "30"],
            DaemonUnderTest.Patience);

        Assert.True(result.ExitCode == 2, $"{result}");
        Assert.Equal(
            $"clockboundctl: error: permission denied reading {segment}: the segment must be readable by this user (mode 0644) and its directory searchable; fix the modes or run as the daemon's user\n",
            result.StandardError);
    }

    [Fact]
    public void ABadFlagIsFatal2()
    {
        ProcessResult result = CtlBinary.Run("waitsync", "--timeout-seconds", "soon");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("clockboundctl: error: --timeout-seconds must be a whole number from 0 to 86400; got 'soon'\n", result.StandardError);
    }
}
