using ClockBound.Daemon.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon.Tests;

public sealed class DisruptionTrackerTests
{
    private readonly FakeClock _clock = new();
    private readonly CapturingLogger _logger = new();
    private readonly FakeMarkerSource _source = new();

    private DisruptionTracker Tracker(bool support = true) =>
        new(support ? _source : null, new LogRateLimiter(_clock, TimeSpan.FromSeconds(60)), _logger);

    [Fact]
    public void FirstMarkerIsTheStartingPointThenAChangeIsADisruptionUntilTheResetCompletes()
    {
        DisruptionTracker tracker = Tracker();
        Assert.Equal(DisruptionState.Reliable, tracker.Poll(resetActive: false));
        Assert.Equal(0x1234UL, tracker.Marker);

        _source.Marker = 7;
        Assert.Equal(DisruptionState.Disrupted, tracker.Poll(resetActive: false));
        Assert.Equal(7UL, tracker.Marker);
        Assert.Null(tracker.Poll(resetActive: false)); // reset requested, not yet taken
        Assert.True(tracker.TakeResetRequest());
        Assert.False(tracker.TakeResetRequest());
        Assert.Null(tracker.Poll(resetActive: true));
        Assert.True(tracker.OnResetCompleted());
        Assert.Equal(DisruptionState.Reliable, tracker.Poll(resetActive: false));
    }

    [Fact]
    public void UnreadableMarkerIsUnknownAndLoggedOnceThenRecovers()
    {
        DisruptionTracker tracker = Tracker();
        tracker.Poll(false);
        _source.Fails = true;
        Assert.Equal(DisruptionState.Unknown, tracker.Poll(false));
        Assert.Equal(DisruptionState.Unknown, tracker.Poll(false));
        _source.Fails = false;
        Assert.Equal(DisruptionState.Reliable, tracker.Poll(false));
        Assert.Single(_logger.Lines, l => l.Message.StartsWith("Cannot read the disruption marker", StringComparison.Ordinal));
        Assert.True(_logger.Contains(LogLevel.Information, "can be read from fake VMClock again (1 failure lines suppressed)"));
    }

    [Fact]
    public void ForcedDisruptionHoldsThroughTheResetUntilSigusr2ThenNeedsAnotherReset()
    {
        DisruptionTracker tracker = Tracker();
        tracker.Poll(false);
        Assert.True(tracker.ForceStart());
        Assert.True(tracker.TakeResetRequest());
        Assert.False(tracker.OnResetCompleted()); // held
        Assert.Null(tracker.Poll(false));

        tracker.ForceEnd();
        Assert.Null(tracker.Poll(false));
        Assert.True(tracker.TakeResetRequest());
        Assert.True(tracker.OnResetCompleted());
        Assert.Equal(DisruptionState.Reliable, tracker.Poll(false));
    }

    [Fact]
    public void ADisruptionDuringTheResetKeepsItGoing()
    {
        DisruptionTracker tracker = Tracker();
        tracker.Poll(false);
        _source.Marker = 1;
        tracker.Poll(false);
        Assert.True(tracker.TakeResetRequest());
        _source.Marker = 2;
        Assert.Equal(DisruptionState.Disrupted, tracker.Poll(resetActive: true));
        Assert.False(tracker.OnResetCompleted());
        Assert.True(tracker.TakeResetRequest());
    }

    [Fact]
    public void WithoutSupportNothingIsFedAndSignalsAreIgnored()
    {
        DisruptionTracker tracker = Tracker(support: false);
        Assert.False(tracker.Enabled);
        Assert.Null(tracker.Poll(false));
        Assert.False(tracker.ForceStart());
        tracker.ForceEnd();
        Assert.False(tracker.TakeResetRequest());
        Assert.True(_logger.Contains(LogLevel.Warning, "SIGUSR1 ignored"));
        Assert.True(_logger.Contains(LogLevel.Warning, "SIGUSR2 ignored"));
    }

    [Fact]
    public void AFloodOfIgnoredSignalsIsOneLinePerMinuteWithACount()
    {
        DisruptionTracker tracker = Tracker();
        tracker.Poll(false);
        for (int i = 0; i < 443; i++)
        {
            tracker.ForceEnd(); // SIGUSR2 without a forced disruption
            _clock.Advance(1_000_000);
        }
        Assert.Single(_logger.Lines, l => l.Message.StartsWith("SIGUSR2 ignored", StringComparison.Ordinal));

        _clock.Advance(60_000_000_000);
        tracker.ForceEnd();
        Assert.Equal(2, _logger.Lines.Count(l => l.Message.StartsWith("SIGUSR2 ignored", StringComparison.Ordinal)));
        Assert.EndsWith("(442 similar lines suppressed)", _logger.Lines[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARepeatedSigusr1RenewsTheHoldAndAFloodOfThemIsRateLimited()
    {
        DisruptionTracker tracker = Tracker();
        tracker.Poll(false);
        for (int i = 0; i < 100; i++)
        {
            Assert.True(tracker.ForceStart());
            _clock.Advance(1_000_000);
        }
        Assert.True(tracker.TakeResetRequest());
        List<string> lines = [.. _logger.Lines.Select(l => l.Message).Where(m => m.StartsWith("SIGUSR1: forced clock disruption", StringComparison.Ordinal))];
        Assert.Equal(2, lines.Count); // the start, then the first renewal
        Assert.Contains("renewed", lines[1], StringComparison.Ordinal);
    }
}
