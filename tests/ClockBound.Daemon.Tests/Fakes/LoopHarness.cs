namespace ClockBound.Daemon.Tests.Fakes;

/// <summary>A <see cref="DaemonLoop"/> wired to fakes that share one clock and one event log.</summary>
internal sealed class LoopHarness
{
    public const long Millisecond = 1_000_000;
    public const long Second = 1_000_000_000;

    public LoopHarness(bool disruptionSupport = true, uint? phcRefId = null, IPhcErrorBoundSource? phc = null,
        uint maxDriftPpb = 50_000, int pollIntervalMs = 100, ISegmentSink? sink = null, DaemonObserver? observer = null)
    {
        Chrony = new FakeChrony(Clock, Events);
        Sink = new RecordingSink(Events, Clock);
        Marker = disruptionSupport ? new FakeMarkerSource() : null;
        Loop = new DaemonLoop(
            new DaemonLoopSettings { MaxDriftPpb = maxDriftPpb, PollInterval = TimeSpan.FromMilliseconds(pollIntervalMs) },
            Chrony,
            sink ?? Sink,
            Clock,
            Marker,
            phcRefId,
            phc,
            Logger,
            observer);
    }

    public EventLog Events { get; } = new();
    public FakeClock Clock { get; } = new();
    public FakeChrony Chrony { get; }
    public RecordingSink Sink { get; }
    public FakeMarkerSource? Marker { get; }
    public CapturingLogger Logger { get; } = new();
    public DaemonLoop Loop { get; }

    /// <summary>Runs the real <see cref="DaemonLoop.Run"/> for <paramref name="iterations"/> iterations (sleeps advance the fake clock).</summary>
    public void Run(int iterations)
    {
        using var stop = new CancellationTokenSource();
        int done = 0;
        int trackingAtStart = Chrony.TrackingCalls;
        Action? previous = Chrony.AfterTracking;
        // Every iteration asks chronyd exactly once; cancel after the last one's query so it still finishes.
        Chrony.AfterTracking = () =>
        {
            previous?.Invoke();
            if (++done == iterations)
            {
                stop.Cancel();
            }
        };
        try
        {
            Loop.Run(stop.Token);
        }
        finally
        {
            Chrony.AfterTracking = previous;
        }
        Assert.Equal(iterations, Chrony.TrackingCalls - trackingAtStart);
    }

    /// <summary>Sleeps one poll interval, then runs one iteration.</summary>
    public void Step(long elapsedNanoseconds = 100 * Millisecond)
    {
        Clock.Advance(elapsedNanoseconds);
        Loop.RunOnce();
    }
}
