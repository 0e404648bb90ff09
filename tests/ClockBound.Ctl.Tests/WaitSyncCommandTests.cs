using System.Diagnostics;
using ClockBound.Shm;
using ClockBound.TestSupport;

namespace ClockBound.Ctl.Tests;

/// <summary>waitsync in-process on real segment files (the daemon's part is in the integration tests).</summary>
public sealed class WaitSyncCommandTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("clockboundctl-waitsync-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void SynchronizedSegmentExits0AtOnce()
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh(bound: 12_345));

        CtlResult result = Ctl.Run("waitsync", "--shm-path", path, "--timeout-seconds", "5");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("Synchronized, bound ", result.Output);
    }

    [Fact]
    public void PathIsTheSameAsShmPath()
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 1, Segments.Fresh());

        CtlResult result = Ctl.Run("waitsync", "--path", path, "--timeout-seconds", "5");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [InlineData(ClockStatus.Unknown, "the clock is Unknown")]
    [InlineData(ClockStatus.FreeRunning, "the clock is FreeRunning")]
    [InlineData(ClockStatus.Disrupted, "the clock is Disrupted")]
    public void NotSynchronizedTimesOutWith1(ClockStatus status, string reason)
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh(status: status));

        CtlResult result = Ctl.Run("waitsync", "--shm-path", path, "--timeout-seconds", "0");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith($"clockboundctl: not synchronised within --timeout-seconds 0: {reason}", result.Error);
    }

    [Fact]
    public void ABoundWiderThanMaxBoundIsWaitedFor()
    {
        string path = _directory.Combine("shm0");
        Segments.Write(path, 2, Segments.Fresh(bound: 2_000_000, driftPpb: 0));

        CtlResult wide = Ctl.Run("waitsync", "--shm-path", path, "--timeout-seconds", "0", "--max-bound", "1ms");
        CtlResult enough = Ctl.Run("waitsync", "--shm-path", path, "--timeout-seconds", "0", "--max-bound", "2ms");

        Assert.True(wide.ExitCode == 1, wide.ToString());
        Assert.Contains("its bound 2.000 ms is wider than --max-bound 1.000 ms", wide.Error);
        Assert.True(enough.ExitCode == 0, enough.ToString());
    }

    [Fact]
    public void AMissingSegmentIsWaitedForUntilTheTimeout()
    {
        string path = _directory.Combine("nope/shm0");
        var clock = Stopwatch.StartNew();

        CtlResult result = Ctl.Run("waitsync", "--shm-path", path, "--timeout-seconds", "1");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"gave up after {clock.Elapsed}");
        Assert.Contains($"there is no segment at {path} yet: is the clockbound daemon running, with this --shm-path?", result.Error);
    }

    [Fact]
    public void ASegmentWrittenWhileWaitingEndsTheWait()
    {
        string path = _directory.Combine("shm0");
        File.WriteAllBytes(path, []); // created, not initialised: as the daemon leaves it for a moment
        using var writer = new Timer(_ => Segments.Write(path, 2, Segments.Fresh()), null, 300, Timeout.Infinite);

        CtlResult result = Ctl.Run("waitsync", "--shm-path", path, "--timeout-seconds", "20");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void AMalformedSegmentIsFatal2()
    {
        string path = _directory.Combine("shm0");
        File.WriteAllBytes(path, [.. "garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage "u8.ToArray()]); // 80 bytes, no magic

        CtlResult result = Ctl.Run("waitsync", "--shm-path", path, "--timeout-seconds", "20");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("clockboundctl: error: SegmentMalformed: ", result.Error);
    }

    [Theory]
    [InlineData("--timeout-seconds", "x", "--timeout-seconds must be a whole number from 0 to 86400; got 'x'")]
    [InlineData("--timeout-seconds", "-1", "--timeout-seconds must be a whole number from 0 to 86400; got '-1'")]
    [InlineData("--max-bound", "5", "--max-bound: '5' is not a duration: write a number and a unit, ns, us, ms or s (e.g. 500us, 1.5ms)")]
    public void BadFlagsExit2(string option, string value, string message)
    {
        CtlResult result = Ctl.Run("waitsync", option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"clockboundctl: error: {message}", result.Error.Split('\n')[0]);
    }

    [Fact]
    public void PermissionDeniedIsFatalAndNamesTheFix()
    {
        var error = new ClockBoundException(new ClockBound.Interop.SystemCallException("open", 13, "/run/clockbound/shm0"));

        Assert.Equal(WaitSyncVerdict.Fatal, WaitSyncJudge.Judge(error, "/run/clockbound/shm0", out string reason));
        Assert.Equal("permission denied reading /run/clockbound/shm0: the segment must be readable by this user (mode 0644) and its directory searchable; fix the modes or run as the daemon's user", reason);
    }

    [Fact]
    public void CausalityBreachIsWaitedFor()
    {
        var error = new ClockBoundException(ClockBoundErrorKind.CausalityBreach, "from the future");

        Assert.Equal(WaitSyncVerdict.Waiting, WaitSyncJudge.Judge(error, "/p", out _));
    }
}
