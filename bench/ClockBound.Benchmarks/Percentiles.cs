namespace ClockBound.Benchmarks;

/// <summary>Median, p90, p99 and max of a set of samples, in microseconds, for the timing reports.</summary>
internal readonly record struct Percentiles(int Count, double Median, double P90, double P99, double Max)
{
    /// <summary>Nearest-rank percentiles of <paramref name="nanoseconds"/> (sorted in place).</summary>
    public static Percentiles OfNanoseconds(long[] nanoseconds, int count)
    {
        Array.Sort(nanoseconds, 0, count);
        double Rank(double p) => nanoseconds[Math.Clamp((int)Math.Ceiling(p * count) - 1, 0, count - 1)] / 1000.0;
        return new Percentiles(count, Rank(0.5), Rank(0.9), Rank(0.99), nanoseconds[count - 1] / 1000.0);
    }

    public override string ToString() =>
        $"n={Count,5}  median {Median,9:F1} µs  p90 {P90,9:F1} µs  p99 {P99,9:F1} µs  max {Max,9:F1} µs";
}
