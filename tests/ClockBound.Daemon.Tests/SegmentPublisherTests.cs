using ClockBound.Daemon.Tests.Fakes;
using ClockBound.Shm;
using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon.Tests;

public sealed class SegmentPublisherTests
{
    private const long Second = 1_000_000_000;

    private readonly FakeClock _clock = new();
    private readonly CapturingLogger _logger = new();
    private readonly RecordingSink _sink;
    private readonly ClockStateMachine _state = new(disruptionSupportEnabled: true);
    private readonly BoundKeeper _kept = new();

    public SegmentPublisherTests() => _sink = new RecordingSink(new EventLog(), _clock);

    private SegmentPublisher Publisher(ISegmentSink? sink = null) =>
        new(sink ?? _sink, maxDriftPpb: 50_000, disruptionSupportEnabled: true, new LogRateLimiter(_clock, TimeSpan.FromSeconds(60)), _logger);

    [Fact]
    public void PublishesTheKeptBoundWithVoidAfterAndTheStatus()
    {
        SegmentPublisher publisher = Publisher();
        _state.Update(DisruptionState.Reliable);
        _state.Update(ChronyClockStatus.Synchronized);
        _kept.Keep(100 * Second, 733_376);
        publisher.Publish(_state, _kept, 0x1234, currentAsOf: 101 * Second);

        ClockErrorBound written = _sink.Last;
        Assert.Equal(100 * Second, written.AsOfNanoseconds);
        Assert.Equal(1100 * Second, written.VoidAfterNanoseconds);
        Assert.Equal(733_376, written.BoundNanoseconds);
        Assert.Equal(ClockStatus.Synchronized, written.Status);
        Assert.Equal(50_000u, written.MaxDriftPpb);
        Assert.Equal(0x1234UL, written.DisruptionMarker);
        Assert.True(written.DisruptionSupportEnabled);
    }

    [Fact]
    public void WithoutAGoodSampleTheWidestBoundAsOfNow()
    {
        Publisher().Publish(_state, _kept, 0, currentAsOf: 5 * Second);
        Assert.Equal(5 * Second, _sink.Last.AsOfNanoseconds);
        Assert.Equal(SegmentPublisher.NoSampleBoundNanoseconds, _sink.Last.BoundNanoseconds);
        Assert.Equal(ClockStatus.Unknown, _sink.Last.Status);
    }

    [Fact]
    public void AsOfNeverGoesBackwardsAndAnOlderBoundIsWidenedByTheDriftToTheLaterInstant()
    {
        SegmentPublisher publisher = Publisher();
        // A signal's Disrupted, stamped "now" (no good sample yet)...
        _state.Update(DisruptionState.Disrupted);
        publisher.Publish(_state, _kept, 0, currentAsOf: 20 * Second);
        // ...then the loop's sample, whose as_of was taken 300 ms earlier.
        _kept.Keep(20 * Second - 300_000_000, 1_000);
        publisher.Publish(_state, _kept, 0, currentAsOf: 20 * Second - 300_000_000);

        Assert.Equal(20 * Second, _sink.Last.AsOfNanoseconds);
        Assert.Equal(20 * Second + 1000 * Second, _sink.Last.VoidAfterNanoseconds);
        // 50 000 ppb × 0.3 s = 15 000 ns.
        Assert.Equal(1_000 + 15_000, _sink.Last.BoundNanoseconds);
    }

    [Fact]
    public void WideningRoundsUpAndSaturatesAtTheWidestBound()
    {
        Assert.Equal(101, SegmentPublisher.WidenedBound(100, 1, 1)); // 1e-9 ns of drift still counts 1 ns
        Assert.Equal(100, SegmentPublisher.WidenedBound(100, 0, 50_000));
        Assert.Equal(SegmentPublisher.NoSampleBoundNanoseconds,
            SegmentPublisher.WidenedBound(SegmentPublisher.NoSampleBoundNanoseconds - 1, long.MaxValue, 999_999_999));
    }

    [Fact]
    public void StatusChangesAreLoggedOnce()
    {
        SegmentPublisher publisher = Publisher();
        for (int i = 0; i < 5; i++)
        {
            publisher.Publish(_state, _kept, 0, i * Second);
        }
        _state.Update(DisruptionState.Disrupted);
        publisher.Publish(_state, _kept, 0, 6 * Second);
        Assert.Equal(["Clock status (start) -> Unknown", "Clock status Unknown -> Disrupted"],
            _logger.Lines.Select(l => l.Message[..l.Message.IndexOf(" (chrony", StringComparison.Ordinal)]));
    }

    [Fact]
    public void AFailingWriteIsLoggedOnceAndItsRecoveryWithTheCount()
    {
        var sink = new FailingSink();
        SegmentPublisher publisher = Publisher(sink);
        sink.Fails = true;
        for (int i = 0; i < 10; i++)
        {
            publisher.Publish(_state, _kept, 0, i * Second);
        }
        sink.Fails = false;
        publisher.Publish(_state, _kept, 0, 11 * Second);
        Assert.Single(_logger.Lines, l => l.Level == LogLevel.Error && l.Message.StartsWith("Cannot write the segment", StringComparison.Ordinal));
        Assert.True(_logger.Contains(LogLevel.Information, "The segment can be written again (9 failure lines suppressed)"));
    }

    private sealed class FailingSink : ISegmentSink
    {
        public bool Fails { get; set; }

        public void Write(in ClockErrorBound value)
        {
            if (Fails)
            {
                throw new IOException("No space left on device");
            }
        }
    }
}
