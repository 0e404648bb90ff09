using System.Diagnostics;
using ClockBound.Interop;

namespace ClockBound.Benchmarks;

/// <summary>
/// How long the waits a commit wait can be built from really take on this machine: the
/// millisecond sleeps of Thread.Sleep and Task.Delay (the bulk of a wait) and the yields of a
/// spin (its last stretch). Interleaved in rounds, so each sees the same machine.
/// </summary>
internal static class TimerGranularity
{
    private const int Rounds = 20;
    private const int SamplesPerRound = 100;

    public static async Task<int> RunAsync()
    {
        int total = Rounds * SamplesPerRound;
        var sleep1 = new long[total];
        var precise300 = new long[total];
        var spin200 = new long[total];
        var delay1 = new long[total];
        var yield = new long[total * 10];
        var sleep0 = new long[total * 10];
        int n = 0, m = 0;
        for (int round = 0; round < Rounds; round++)
        {
            for (int i = 0; i < SamplesPerRound; i++, n++)
            {
                long start = Stopwatch.GetTimestamp();
                Thread.Sleep(1);
                sleep1[n] = Elapsed(start);

                start = Stopwatch.GetTimestamp();
                PreciseSleep.TrySleep(300_000);
                precise300[n] = Elapsed(start);

                start = Stopwatch.GetTimestamp();
                while (Elapsed(start) < 200_000)
                {
                    Thread.SpinWait(1);
                }
                spin200[n] = Elapsed(start);

                start = Stopwatch.GetTimestamp();
                await Task.Delay(1).ConfigureAwait(false);
                delay1[n] = Elapsed(start);

                for (int j = 0; j < 10; j++, m++)
                {
                    start = Stopwatch.GetTimestamp();
                    Thread.Yield();
                    yield[m] = Elapsed(start);
                    start = Stopwatch.GetTimestamp();
                    Thread.Sleep(0);
                    sleep0[m] = Elapsed(start);
                }
            }
        }
        Console.WriteLine($"Thread.Sleep(1)        {Percentiles.OfNanoseconds(sleep1, n)}");
        Console.WriteLine($"PreciseSleep 300 µs    {Percentiles.OfNanoseconds(precise300, n)}");
        Console.WriteLine($"spin 200 µs            {Percentiles.OfNanoseconds(spin200, n)}");
        Console.WriteLine($"await Task.Delay(1)    {Percentiles.OfNanoseconds(delay1, n)}");
        Console.WriteLine($"Thread.Yield()         {Percentiles.OfNanoseconds(yield, m)}");
        Console.WriteLine($"Thread.Sleep(0)        {Percentiles.OfNanoseconds(sleep0, m)}");
        return 0;
    }

    private static long Elapsed(long start) => (long)Stopwatch.GetElapsedTime(start).TotalNanoseconds;
}
