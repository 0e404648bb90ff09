using System.Diagnostics;
using ClockBound.TestSupport;

namespace ClockBound.Soundness.Tests;

/// <summary>
/// Reads every segment through the public client (<see cref="ClockBoundClient.Now"/>) every
/// <see cref="Period"/> on a thread of its own, brackets each call with system clock reads, and
/// checks the reading against true time (<see cref="CheckedReading"/>) into one
/// <see cref="ReadingTally"/> per segment. It samples
/// from start to Dispose, so a scenario's transitions are sampled like its steady phases.
/// </summary>
public sealed class TruthSampler : IDisposable
{
    /// <summary>Time between samples.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(25);

    private readonly KnownClock _truth;
    private readonly (ClockBoundClient Client, ReadingTally Tally)[] _segments;
    private readonly Thread _thread;
    private readonly Stopwatch _clock;
    private volatile bool _stopping;
    private volatile Exception? _failure;

    private TruthSampler(KnownClock truth, (ClockBoundClient, ReadingTally)[] segments, Stopwatch clock)
    {
        _truth = truth;
        _segments = segments;
        _clock = clock;
        _thread = new Thread(Run) { IsBackground = true, Name = "truth sampler" };
    }

    /// <summary>One tally per segment, in the order given to <see cref="Start"/>.</summary>
    public IReadOnlyList<ReadingTally> Tallies => [.. _segments.Select(s => s.Tally)];

    /// <summary>What stopped the sampler other than Dispose (a bug in the test or an unexpected exception from the client); null while it runs.</summary>
    public Exception? Failure => _failure;

    /// <summary>
    /// Starts sampling each segment (already opened clients, named for the output) against
    /// <paramref name="truth"/>; <paramref name="scenarioClock"/> stamps status changes and misses.
    /// The sampler owns the clients and disposes them.
    /// </summary>
    public static TruthSampler Start(KnownClock truth, Stopwatch scenarioClock, params (string Name, ClockBoundClient Client)[] segments)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(scenarioClock);
        var sampler = new TruthSampler(truth, [.. segments.Select(s => (s.Client, new ReadingTally(s.Name)))], scenarioClock);
        sampler._thread.Start();
        return sampler;
    }

    /// <summary>Stops sampling and disposes the clients; later calls do nothing.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(10));
        foreach ((ClockBoundClient client, _) in _segments)
        {
            client.Dispose();
        }
    }

    private void Run()
    {
        try
        {
            while (!_stopping)
            {
                foreach ((ClockBoundClient client, ReadingTally tally) in _segments)
                {
                    Sample(client, tally);
                }

                Thread.Sleep(Period);
            }
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    private void Sample(ClockBoundClient client, ReadingTally tally)
    {
        long before = RealtimeClock.Nanoseconds();
        ClockBoundNow now;
        try
        {
            now = client.Now();
        }
        catch (ClockBoundException e)
        {
            tally.AddError(e, _clock.Elapsed);
            return;
        }

        long after = RealtimeClock.Nanoseconds();
        tally.Add(CheckedReading.Check(_truth, before, now, after), _clock.Elapsed);
    }
}
