using System.Diagnostics;
using System.Runtime.CompilerServices;
using ClockBound.Interop;
using ClockBound.Shm;

namespace ClockBound.Benchmarks;

/// <summary>
/// A cross-check for shared, noisy machines: BenchmarkDotNet measures each benchmark in its own
/// process one after another, so a neighbour's build during one of them skews the ratio. This
/// alternates short rounds of the raw clock pair and of Now() in one process and keeps the
/// fastest round of each (the one least disturbed), giving a steadier ratio.
/// </summary>
internal static class InterleavedComparison
{
    private const int Rounds = 40;
    private const int CallsPerRound = 5_000_000;

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
            for (int round = 0; round < Rounds; round++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < CallsPerRound; i++)
                {
                    sink += RawClockPair();
                }
                fastestRaw = Math.Min(fastestRaw, Stopwatch.GetElapsedTime(start).TotalNanoseconds / CallsPerRound);

                start = Stopwatch.GetTimestamp();
                for (int i = 0; i < CallsPerRound; i++)
                {
                    sink += Now(client);
                }
                fastestNow = Math.Min(fastestNow, Stopwatch.GetElapsedTime(start).TotalNanoseconds / CallsPerRound);
            }
            Console.WriteLine($"fastest of {Rounds} rounds x {CallsPerRound} calls: raw clock pair {fastestRaw:F2} ns, " +
                $"ClockBoundClient.Now() {fastestNow:F2} ns, ratio {fastestNow / fastestRaw:F3} (checksum {sink & 1})");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long RawClockPair() => Clocks.RealtimeNanoseconds() + Clocks.MonotonicCoarseNanoseconds();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Now(ClockBoundClient client) => client.Now().BoundNanoseconds;
}
