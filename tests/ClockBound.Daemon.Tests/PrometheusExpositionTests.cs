using System.Diagnostics.Metrics;

namespace ClockBound.Daemon.Tests;

public sealed class PrometheusExpositionTests
{
    [Fact]
    public void WritesHelpTypeAndSamplesPerInstrument()
    {
        using var meter = new Meter("test");
        ObservableCounter<long> counter = meter.CreateObservableCounter("x_total", () => 0L, description: "counted\nthings \\ here");
        ObservableGauge<double> gauge = meter.CreateObservableGauge("y_seconds", () => 0.0, description: "a gauge");
        string text = PrometheusExposition.Write(
        [
            new(counter, 3, [new("reason", "a\"b\\c\nd")]),
            new(gauge, 1.5e-6, []),
            new(counter, 4, [new("reason", "e")]),
            new(gauge, double.NaN, [new("k", "v"), new("n", 1)]),
        ]);
        Assert.Equal(
            "# HELP x_total counted\\nthings \\\\ here\n# TYPE x_total counter\n"
            + "x_total{reason=\"a\\\"b\\\\c\\nd\"} 3\nx_total{reason=\"e\"} 4\n"
            + "# HELP y_seconds a gauge\n# TYPE y_seconds gauge\ny_seconds 1.5E-06\ny_seconds{k=\"v\",n=\"1\"} NaN\n",
            text);
        // The tests' strict parser reads it back.
        PrometheusText parsed = PrometheusText.Parse(text);
        Assert.Equal("a\"b\\c\nd", parsed.Sample("x_total", ("reason", "a\"b\\c\nd")).Labels["reason"]);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(0.1, "0.1")]
    [InlineData(123456789012.0, "123456789012")]
    public void ValuesAreWhatPrometheusReads(double value, string expected) =>
        Assert.Equal(expected, PrometheusExposition.FormatValue(value));
}
