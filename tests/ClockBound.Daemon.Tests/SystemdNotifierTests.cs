using System.Text;
using ClockBound.Daemon.Tests.Fakes;
using ClockBound.Shm;

namespace ClockBound.Daemon.Tests;

public sealed class SystemdNotifierTests : IDisposable
{
    private const long Millisecond = 1_000_000;
    private const long Second = 1_000_000_000;

    private readonly FakeClock _clock = new();
    private readonly RecordingTransport _transport = new();

    public void Dispose() => _transport.Dispose();

    private static ClockErrorBound Value(ClockStatus status, long bound) => new()
    {
        AsOfNanoseconds = 1,
        VoidAfterNanoseconds = 2,
        BoundNanoseconds = bound,
        MaxDriftPpb = 50_000,
        Status = status,
    };

    [Fact]
    public void FirstPublicationSendsReadyWithStatusInOneDatagram()
    {
        var notifier = new SystemdNotifier(_transport, _clock, 0);
        Assert.False(notifier.IsReady);

        notifier.OnPublished(Value(ClockStatus.Synchronized, 42_050));

        Assert.True(notifier.IsReady);
        Assert.Equal(["READY=1\nSTATUS=Synchronized, bound 42.1 us"], _transport.Sent);
    }

    [Fact]
    public void StatusChangeIsSentAtOnceAndAnUnchangedOneNever()
    {
        var notifier = new SystemdNotifier(_transport, _clock, 0);
        notifier.OnPublished(Value(ClockStatus.Unknown, SegmentPublisher.NoSampleBoundNanoseconds));
        for (int i = 0; i < 300; i++)
        {
            _clock.Advance(100 * Millisecond);
            notifier.OnPublished(Value(ClockStatus.Unknown, SegmentPublisher.NoSampleBoundNanoseconds));
        }
        _clock.Advance(100 * Millisecond);
        notifier.OnPublished(Value(ClockStatus.Synchronized, 1_500_000));

        Assert.Equal(["READY=1\nSTATUS=Unknown, no bound", "STATUS=Synchronized, bound 1.5 ms"], _transport.Sent);
    }

    [Fact]
    public void ChangingBoundIsRateLimitedToOneStatusPerRepeatInterval()
    {
        var notifier = new SystemdNotifier(_transport, _clock, 0);
        notifier.OnPublished(Value(ClockStatus.Synchronized, 40_000));
        // Ten times a second for 25 s, the bound changing every time.
        for (int i = 1; i <= 250; i++)
        {
            _clock.Advance(100 * Millisecond);
            notifier.OnPublished(Value(ClockStatus.Synchronized, 40_000 + (i * 1_000)));
        }

        Assert.Equal(
            ["READY=1\nSTATUS=Synchronized, bound 40.0 us", "STATUS=Synchronized, bound 140.0 us", "STATUS=Synchronized, bound 240.0 us"],
            _transport.Sent);
    }

    [Fact]
    public void NoWatchdogPingsWithoutWatchdog()
    {
        var notifier = new SystemdNotifier(_transport, _clock, 0);
        for (int i = 0; i < 100; i++)
        {
            notifier.OnPublished(Value(ClockStatus.Synchronized, 1_000));
            _clock.Advance(Second);
        }

        Assert.DoesNotContain("WATCHDOG=1", _transport.Sent);
        Assert.False(notifier.WatchdogEnabled);
    }

    [Fact]
    public void WatchdogIsPingedOncePerIntervalWhileTheLoopPublishes()
    {
        var notifier = new SystemdNotifier(_transport, _clock, 5 * Second);
        for (int i = 0; i <= 200; i++) // 20 s at 10 Hz
        {
            notifier.OnPublished(Value(ClockStatus.Synchronized, 1_000));
            _clock.Advance(100 * Millisecond);
        }

        Assert.Equal(4, _transport.Sent.Count(m => m == "WATCHDOG=1"));
    }

    [Fact]
    public void StalledLoopStopsThePingsAndProgressResumesThem()
    {
        var notifier = new SystemdNotifier(_transport, _clock, 1 * Second);
        for (int i = 0; i <= 30; i++)
        {
            notifier.OnPublished(Value(ClockStatus.Synchronized, 1_000));
            _clock.Advance(100 * Millisecond);
        }
        int pingsBeforeStall = _transport.Sent.Count(m => m == "WATCHDOG=1");
        Assert.Equal(3, pingsBeforeStall);

        // The loop is stuck: time goes by, nothing is published, so nothing is sent.
        int sentBeforeStall = _transport.Sent.Count;
        _clock.Advance(60 * Second);
        Assert.Equal(sentBeforeStall, _transport.Sent.Count);

        notifier.OnPublished(Value(ClockStatus.Synchronized, 1_000));
        Assert.Equal("WATCHDOG=1", _transport.Sent[^1]);
    }

    [Fact]
    public void StoppingIsSent()
    {
        var notifier = new SystemdNotifier(_transport, _clock, 0);
        notifier.OnStopping();

        Assert.Equal(["STOPPING=1"], _transport.Sent);
    }

    [Fact]
    public void SinkNotifiesOnlyAfterASuccessfulWrite()
    {
        var notifier = new SystemdNotifier(_transport, _clock, 0);
        var sink = new NotifyingSegmentSink(new FailingSink(), notifier);

        Assert.Throws<IOException>(() => sink.Write(Value(ClockStatus.Synchronized, 1_000)));
        Assert.Empty(_transport.Sent);
        Assert.False(notifier.IsReady);
    }

    [Fact]
    public void PublicationsAllocateNothing()
    {
        var transport = new CountingTransport();
        var notifier = new SystemdNotifier(transport, _clock, 1 * Second);
        var sink = new NotifyingSegmentSink(new NullSink(), notifier);
        for (int i = 0; i < 1_000; i++)
        {
            _clock.Advance(100 * Millisecond);
            sink.Write(Value((ClockStatus)(i % 4), 1_000 + i));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            _clock.Advance(100 * Millisecond);
            // Statuses, bounds and pings all change: every kind of datagram is built and sent.
            sink.Write(Value((ClockStatus)(i / 10 % 4), 1_000 + (i * 997L)));
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(transport.Count > 10_000, $"only {transport.Count} datagrams were sent");
    }

    [Theory]
    [InlineData(ClockStatus.Synchronized, 999L, "STATUS=Synchronized, bound 999 ns")]
    [InlineData(ClockStatus.Synchronized, 1_000L, "STATUS=Synchronized, bound 1.0 us")]
    [InlineData(ClockStatus.Synchronized, 1_001L, "STATUS=Synchronized, bound 1.1 us")]
    [InlineData(ClockStatus.FreeRunning, 42_100L, "STATUS=FreeRunning, bound 42.1 us")]
    [InlineData(ClockStatus.FreeRunning, 999_999L, "STATUS=FreeRunning, bound 1000.0 us")]
    [InlineData(ClockStatus.Synchronized, 2_340_000L, "STATUS=Synchronized, bound 2.4 ms")]
    [InlineData(ClockStatus.Synchronized, 1_000_000_000L, "STATUS=Synchronized, bound 1.0 s")]
    [InlineData(ClockStatus.Synchronized, 999_999_999_999_999_999L, "STATUS=Synchronized, bound 1000000000.0 s")]
    [InlineData(ClockStatus.Disrupted, SegmentPublisher.NoSampleBoundNanoseconds, "STATUS=Disrupted, no bound")]
    [InlineData(ClockStatus.Unknown, SegmentPublisher.NoSampleBoundNanoseconds, "STATUS=Unknown, no bound")]
    public void StatusTextRoundsTheBoundUp(ClockStatus status, long bound, string expected)
    {
        var buffer = new byte[NotifyStatusText.MaxLength];
        int length = NotifyStatusText.Write(buffer, status, bound);

        Assert.Equal(expected, Encoding.UTF8.GetString(buffer, 0, length));
    }

    private sealed class RecordingTransport : INotifyTransport
    {
        public List<string> Sent { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram) => Sent.Add(Encoding.UTF8.GetString(datagram));

        public void Dispose()
        {
        }
    }

    private sealed class CountingTransport : INotifyTransport
    {
        public int Count { get; private set; }

        public void Send(ReadOnlySpan<byte> datagram) => Count++;

        public void Dispose()
        {
        }
    }

    private sealed class NullSink : ISegmentSink
    {
        public void Write(in ClockErrorBound value)
        {
        }
    }

    private sealed class FailingSink : ISegmentSink
    {
        public void Write(in ClockErrorBound value) => throw new IOException("disk full");
    }
}
