using System.Diagnostics;
using System.Runtime.CompilerServices;
using ClockBound.Interop;
using ClockBound.Shm;

namespace ClockBound.Benchmarks;

/// <summary>
/// A cross-check for shared, noisy machines: BenchmarkDotNet measures each benchmark in its own
/// process one after another, so a neighbour's build during one of them skews the ratio. This
/// alternates short rounds of the raw clock pair and of Now() in one process and reports two
/// ratios that such noise barely moves: the fastest round of each (the least disturbed), and the
/// median over rounds of Now()'s round divided by the raw round just before it (adjacent in time,
/// so a slow drift of the machine's speed cancels out).
/// </summary>
internal static class InterleavedComparison
{
    private const int Rounds = 40;
    private const int CallsPerRound = 5_000_000;
    private const double QuietMargin = 1.05;

    public static int Run()
    {
        string directory = Directory.CreateTempSubdirectory("cb-bench-").FullName;
        try
        {
            using SegmentWriter writer = SegmentWriter.Open(Path.Combine(directory, "shm0"), 2);
            void Publish(object? state)
            {
                long asOf = Clocks.MonotonicCoarseNanoseconds();
                writer.Write(new ClockErrorBound
                {
                    AsOfNanoseconds = asOf,
                    VoidAfterNanoseconds = asOf + 1_000_000_000_000,
                    BoundNanoseconds = 20_000,
                    MaxDriftPpb = 50_000,
                    Status = ClockStatus.Synchronized,
                });
            }
            Publish(null);
            using var publisher = new Timer(Publish, null, 100, 100);
            using ClockBoundClient client = ClockBoundClient.Open(writer.Path);

            long sink = 0;
            double fastestRaw = double.MaxValue, fastestNow = double.MaxValue;
            var raws = new double[Rounds];
            var ratios = new double[Rounds];
            for (int round = 0; round < Rounds; round++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < CallsPerRound; i++)
                {
                    sink += RawClockPair();
                }
                double raw = Stopwatch.GetElapsedTime(start).TotalNanoseconds / CallsPerRound;

                start = Stopwatch.GetTimestamp();
                for (int i = 0; i < CallsPerRound; i++)
                {
                    sink += Now(client);
                }
                double now = Stopwatch.GetElapsedTime(start).TotalNanoseconds / CallsPerRound;

                fastestRaw = Math.Min(fastestRaw, raw);
                fastestNow = Math.Min(fastestNow, now);
                raws[round] = raw;
                ratios[round] = now / raw;
            }
            Console.WriteLine($"fastest of {Rounds} rounds x {CallsPerRound} calls: raw clock pair {fastestRaw:F2} ns, " +
                $"ClockBoundClient.Now() {fastestNow:F2} ns, ratio {fastestNow / fastestRaw:F3}; " +
                $"median ratio of adjacent rounds {Median(ratios):F3} (worst {ratios.Max():F3}) (checksum {sink & 1})");

            // A shared host slows this machine down in phases of seconds (the raw pair itself gets
            // over 5 % slower), and Now()'s extra work slows more than the clock reads do. Split the
            // rounds by the raw pair's speed, so that a report says which conditions it measured.
            double quietLimit = fastestRaw * QuietMargin;
            double[] quiet = ratios.Where((_, i) => raws[i] <= quietLimit).ToArray();
            double[] slowed = ratios.Where((_, i) => raws[i] > quietLimit).ToArray();
            Console.WriteLine($"rounds whose raw pair ran within {QuietMargin - 1:P0} of its fastest: {quiet.Length}, " +
                $"median ratio {Median(quiet):F3}; slower rounds: {slowed.Length}, median ratio {Median(slowed):F3}");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The median, or NaN for no values (printed as such: no round fell in that group).</summary>
    private static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }
        double[] sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long RawClockPair() => Clocks.RealtimeNanoseconds() + Clocks.MonotonicCoarseNanoseconds();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Now(ClockBoundClient client) => client.Now().BoundNanoseconds;
}
