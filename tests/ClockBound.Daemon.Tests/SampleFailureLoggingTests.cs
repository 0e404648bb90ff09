using ClockBound.Chrony;
using ClockBound.Daemon.Tests.Fakes;
using Microsoft.Extensions.Logging;
using static ClockBound.Daemon.Tests.Fakes.LoopHarness;

namespace ClockBound.Daemon.Tests;

/// <summary>How the loop logs a failed sample by its cause, and what it exposes of the cause.</summary>
public sealed class SampleFailureLoggingTests
{
    [Fact]
    public void APersistentCauseIsAnErrorWithItsFixRepeatedEveryTenMinutes()
    {
        var h = new LoopHarness();
        h.Chrony.TrackingFails = true;
        h.Chrony.TrackingFailureKind = ChronyFailureKind.DirectoryAccessDenied;

        h.Loop.RunOnce();
        for (int i = 0; i < 6000 - 1; i++) // 10 minutes at 100 ms, less the first
        {
            h.Step();
        }

        var failures = h.Logger.Lines.Where(l => l.Message.StartsWith("Sample failed", StringComparison.Ordinal)).ToList();
        var only = Assert.Single(failures);
        Assert.Equal(LogLevel.Error, only.Level);
        Assert.Contains("fix: run as root or as chronyd's user", only.Message, StringComparison.Ordinal);
        Assert.Contains("repeated every 10 min", only.Message, StringComparison.Ordinal);

        h.Step(); // 10 minutes after the first line
        failures = h.Logger.Lines.Where(l => l.Message.StartsWith("Sample failed", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains("5999 similar lines suppressed", failures[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChronyFailureKind.Timeout)]
    [InlineData(ChronyFailureKind.SocketMissing)]
    [InlineData(ChronyFailureKind.Refused)]
    public void ATransientCauseIsAWarningRepeatedEveryMinute(ChronyFailureKind kind)
    {
        var h = new LoopHarness();
        h.Chrony.TrackingFails = true;
        h.Chrony.TrackingFailureKind = kind;

        h.Loop.RunOnce();
        for (int i = 0; i < 600; i++) // one minute
        {
            h.Step();
        }

        var failures = h.Logger.Lines.Where(l => l.Message.StartsWith("Sample failed", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, l => Assert.Equal(LogLevel.Warning, l.Level));
    }

    [Fact]
    public void TheLastCauseIsExposedAndClearedByAGoodSample()
    {
        var h = new LoopHarness();
        h.Loop.RunOnce();
        Assert.Equal(SampleFailureCause.None, h.Loop.LastSampleFailureCause);

        h.Chrony.TrackingFails = true;
        h.Chrony.TrackingFailureKind = ChronyFailureKind.SocketAccessDenied;
        h.Step();
        Assert.Equal(new SampleFailureCause(SampleFailure.QueryFailed, ChronyFailureKind.SocketAccessDenied), h.Loop.LastSampleFailureCause);
        Assert.True(h.Loop.LastSampleFailureCause.IsPersistent);

        h.Chrony.TrackingFailureKind = ChronyFailureKind.Timeout;
        h.Step();
        Assert.False(h.Loop.LastSampleFailureCause.IsPersistent);

        h.Chrony.TrackingFails = false;
        h.Step();
        Assert.Equal(SampleFailureCause.None, h.Loop.LastSampleFailureCause);
        Assert.True(h.Logger.Contains(LogLevel.Information, "chronyd answers again"));
    }
}
