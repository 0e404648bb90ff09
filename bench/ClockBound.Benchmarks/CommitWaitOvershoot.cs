using ClockBound.Interop;

namespace ClockBound.Benchmarks;

/// <summary>
/// The overshoot of a commit wait: how long after the committed instant had surely passed the
/// wait returned. Each sample takes a reading, commit-waits on its latest (the usual commit
/// timestamp) and reads CLOCK_REALTIME on return. With a fixed bound B, earliest = realtime − B,
/// so the instant <c>t</c> has surely passed from the moment realtime reaches t + B + 1 ns:
/// overshoot = realtime at return − (t + B + 1 ns). Forms and bounds alternate in rounds in one
/// process, so each sees the same machine; the old wait (sleep rounded up to a millisecond) runs
/// alongside as the baseline.
/// </summary>
internal static class CommitWaitOvershoot
{
    private const int Rounds = 10;

    /// <summary>The bounds measured, with the samples per form and round (about 1 s per form in all).</summary>
    private static readonly (long Bound, int Samples)[] Cases =
    [
        (24_000, 1_000),     // EC2 with the PTP hardware clock
        (250_000, 200),
        (1_000_000, 100),    // a good NTP source
        (5_000_000, 20),
    ];

    private static readonly string[] Forms = ["CommitWait", "CommitWaitAsync", "old wait (baseline)"];

    /// <summary>Runs the rounds; <paramref name="pauseMilliseconds"/> &gt; 0 sleeps that long between samples (a thread that blocks on other work between commits).</summary>
    public static async Task<int> RunAsync(int pauseMilliseconds)
    {
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; pause between samples: {pauseMilliseconds} ms");
        var segments = Cases.Select(c => new SyntheticSegment(c.Bound)).ToArray();
        try
        {
            var overshoot = new long[Cases.Length, Forms.Length][];
            var waited = new long[Cases.Length, Forms.Length][];
            var count = new int[Cases.Length, Forms.Length];
            for (int c = 0; c < Cases.Length; c++)
            {
                for (int f = 0; f < Forms.Length; f++)
                {
                    overshoot[c, f] = new long[Rounds * Cases[c].Samples];
                    waited[c, f] = new long[Rounds * Cases[c].Samples];
                }
            }
            for (int round = 0; round < Rounds; round++)
            {
                for (int c = 0; c < Cases.Length; c++)
                {
                    for (int k = 0; k < Forms.Length; k++)
                    {
                        int f = (k + round) % Forms.Length; // rotate which form goes first
                        for (int i = 0; i < Cases[c].Samples; i++)
                        {
                            if (pauseMilliseconds > 0)
                            {
                                Thread.Sleep(pauseMilliseconds);
                            }
                            (long over, long wait) = await Sample(segments[c], f).ConfigureAwait(false);
                            overshoot[c, f][count[c, f]] = over;
                            waited[c, f][count[c, f]++] = wait;
                        }
                    }
                }
            }
            Console.WriteLine($"load average at end:   {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine("overshoot = return − the moment earliest first exceeded the commit timestamp (its latest); synthetic segment, fixed bound");
            for (int c = 0; c < Cases.Length; c++)
            {
                for (int f = 0; f < Forms.Length; f++)
                {
                    Percentiles wait = Percentiles.OfNanoseconds(waited[c, f], count[c, f]);
                    Console.WriteLine($"±{Cases[c].Bound / 1000,5} µs  {Forms[f],-20} overshoot {Percentiles.OfNanoseconds(overshoot[c, f], count[c, f])}   (whole wait: median {wait.Median:F1} µs)");
                }
            }
            return 0;
        }
        finally
        {
            foreach (SyntheticSegment segment in segments)
            {
                segment.Dispose();
            }
        }
    }

    private static async ValueTask<(long Overshoot, long Wait)> Sample(SyntheticSegment segment, int form)
    {
        ClockBoundClient client = segment.Client;
        ClockBoundNow start = client.Now();
        UnixInstant commit = start.Latest;
        ClockBoundNow proof = form switch
        {
            0 => client.CommitWait(commit),
            1 => await client.CommitWaitAsync(commit).ConfigureAwait(false),
            _ => OldCommitWait(client, commit),
        };
        long returned = Clocks.RealtimeNanoseconds();
        if (!proof.HasSurelyPassed(commit) || proof.BoundNanoseconds != segment.BoundNanoseconds)
        {
            throw new InvalidOperationException($"unsound or unexpected proof {proof} for {commit}");
        }
        long surelyPassed = commit.UnixTimeNanoseconds + segment.BoundNanoseconds + 1;
        return (returned - surelyPassed, returned - (start.Earliest.UnixTimeNanoseconds + start.BoundNanoseconds));
    }

    /// <summary>The commit wait before issue 10: sleep the remaining time rounded up to a whole millisecond.</summary>
    private static ClockBoundNow OldCommitWait(ClockBoundClient client, UnixInstant instant)
    {
        while (true)
        {
            ClockBoundNow now = client.Now();
            if (now.HasSurelyPassed(instant))
            {
                return now;
            }
            long remaining = instant.UnixTimeNanoseconds - now.Earliest.UnixTimeNanoseconds;
            Thread.Sleep((int)((remaining + 1_000_000) / 1_000_000));
        }
    }
}
