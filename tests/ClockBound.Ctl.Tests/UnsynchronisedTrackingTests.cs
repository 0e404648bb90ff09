using ClockBound.TestSupport;

namespace ClockBound.Ctl.Tests;

/// <summary>A chronyd with no source: its state does not move, so our text must equal chronyc's exactly.</summary>
public sealed class UnsynchronisedTrackingTests
{
    [Fact]
    public void TextEqualsChronycForAChronydWithoutSources()
    {
        using ChronydHarness harness = ChronydHarness.Start(new ChronydHarnessOptions { WithNtpServer = false });
        string chronyc = harness.Client.RunChronyc("-n", "tracking").ThrowIfFailed("chronyc -n tracking").StandardOutput;

        CtlResult result = Ctl.Run("tracking", "--chrony-socket", harness.ClientSocketPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Leap status     : Not synchronised\n", chronyc);
        Assert.Equal(chronyc, result.Output[..chronyc.Length]);
        Assert.Equal("Error bound     : 1.500000000 seconds (root delay / 2 + root dispersion + |system time|)\n", result.Output[chronyc.Length..]);
    }
}
